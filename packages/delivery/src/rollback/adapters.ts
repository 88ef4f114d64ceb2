import { openLedger } from '../ledger';
import { createRouter } from '../routers';
import { httpSmokeCheck } from '../smoke';
import { githubPulls } from './github-pulls';
import type { RollbackAdapters } from './step';

/** The real adapters: the ledger stores, the routers, an HTTP health check, and pull requests through the REST API. */
export const realRollbackAdapters: RollbackAdapters = {
  openLedger: (spec, root, token) => openLedger(spec, root, 'ledger', token ? { token } : {}),
  createRouter,
  healthCheck: httpSmokeCheck,
  openPulls: githubPulls,
};
