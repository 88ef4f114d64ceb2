import { createHealthCheck } from '../health';
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
  healthCheck: (url, timeoutMs) => {
    const check = createHealthCheck({ urls: { canary: url }, timeoutMs });
    return async () => {
      const { healthy, detail } = await check.probe('canary');
      return { ok: healthy, detail };
    };
  },
  openPulls: githubPulls,
};
