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
    case 'local':
      return new LocalProxyRouter(settings);
    default:
      throw new Error(`router ${settings.kind}: not built yet`);
  }
}
