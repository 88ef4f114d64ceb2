import { httpSmokeCheck } from '../adapters';
import { openLedger } from '../ledger';
import { createRouter } from '../routers';
import { githubPulls } from './github-pulls';
import type { RollbackAdapters } from './step';

/**
 * The real adapters: the ledger stores, the routers, the HTTP health check canary-deploy uses, and
 * pull requests through the REST API.
 */
export const realRollbackAdapters: RollbackAdapters = {
  openLedger: (spec, root, token) => openLedger(spec, root, 'ledger', token ? { token } : {}),
  createRouter,
  healthCheck: httpSmokeCheck,
  openPulls: githubPulls,
};
