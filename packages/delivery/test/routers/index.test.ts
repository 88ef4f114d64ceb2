import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/routers';

describe('createRouter', () => {
  it('builds each router by kind; the Gateway API one loads its client on first use', async () => {
    expect(
      createRouter({ kind: 'haproxy', socket: '/x', backend: 'b', stableServer: 's', canaryServer: 'c' }).name,
    ).toBe('haproxy');
    expect(
      createRouter({ kind: 'local', listen: '127.0.0.1:0', upstreams: { stable: 'http://a', canary: 'http://b' } })
        .name,
    ).toBe('local');
    const gateway = createRouter({
      kind: 'gateway-api',
      route: 'web',
      namespace: 'shop',
      stableBackend: 's',
      canaryBackend: 'c',
      kubeconfig: '/nonexistent/kubeconfig',
    });
    expect(gateway.name).toBe('gateway-api');
    await expect(gateway.check()).rejects.toThrow(/^kubeconfig: cannot load \/nonexistent\/kubeconfig/);
  });
});
