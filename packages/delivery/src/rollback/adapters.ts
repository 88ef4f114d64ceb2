import { openLedger } from '../ledger';
import { createRouter } from '../routers';
import { httpSmokeCheck } from '../smoke';
import type { RollbackAdapters } from './step';

/** The real adapters: the ledger stores, the routers, and an HTTP health check. */
export const realRollbackAdapters: RollbackAdapters = {
  openLedger: (spec, root, token) => openLedger(spec, root, 'ledger', token ? { token } : {}),
  createRouter,
  healthCheck: httpSmokeCheck,
};
