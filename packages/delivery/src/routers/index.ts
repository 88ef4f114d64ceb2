import type { TrafficRouter } from '../ports';
import type { RouterSettings } from '../settings';
import { HaproxyRouter } from './haproxy';
import { LocalProxyRouter } from './local';
import { NginxRouter } from './nginx';

/** The adapter for the `router` input's product. */
export function createRouter(settings: RouterSettings): TrafficRouter {
  switch (settings.kind) {
    case 'haproxy':
      return new HaproxyRouter(settings);
    case 'nginx':
      return new NginxRouter(settings);
    case 'gateway-api':
      // @kubernetes/client-node is large: loaded only by the rollouts that use it.
      return lazyRouter('gateway-api', async () => new (await import('./gateway-api')).GatewayApiRouter(settings));
    case 'local':
      return new LocalProxyRouter(settings);
  }
}

/** A router whose adapter is built on first use (its module loaded then; a constructor error surfaces in check()). */
function lazyRouter(name: string, load: () => Promise<TrafficRouter>): TrafficRouter {
  let router: Promise<TrafficRouter> | undefined;
  const get = () => {
    router ??= load();
    return router;
  };
  return {
    name,
    check: async () => (await get()).check(),
    weight: async () => (await get()).weight(),
    setWeight: async (percent) => (await get()).setWeight(percent),
    close: async () => {
      if (router) await (await router).close?.();
    },
  };
}
