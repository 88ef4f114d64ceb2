import { describe, expect, it } from 'vitest';
import { startLoad } from '../../../../test/support/delivery/load';
import { freePort } from '../../../../test/support/delivery/process';
import { startService } from '../../../../test/support/delivery/service';
import { LocalProxyRouter } from '../../src/routers/local';
import { metricContract } from '../contract/metric-contract';
import { routerContract } from '../contract/router-contract';

async function localWorld() {
  const stable = await startService('stable');
  const canary = await startService('canary');
  const router = new LocalProxyRouter({
    kind: 'local',
    listen: '127.0.0.1:0',
    upstreams: { stable: stable.url, canary: canary.url },
  });
  const frontend = await router.start();
  const stop = async () => {
    await router.close();
    await stable.close();
    await canary.close();
  };
  return { stable, canary, router, frontend, stop };
}

routerContract('local proxy', async () => {
  const world = await localWorld();
  return { router: world.router, frontend: world.frontend, stop: world.stop };
});

metricContract(
  'local proxy',
  async () => {
    const world = await localWorld();
    await world.router.setWeight(50);
    return {
      provider: world.router.metrics(),
      services: { stable: world.stable, canary: world.canary },
      startTraffic: () => startLoad(world.frontend, { rate: 100 }),
      stop: world.stop,
    };
  },
  { noOutage: 'the proxy is its own source; it cannot be unreachable while it routes' },
);

describe('LocalProxyRouter', () => {
  it.each([
    [{ stable: 'not a url', canary: 'http://127.0.0.1:1' }, /^stable-server: "not a url" is not a URL/],
    [
      { stable: 'http://127.0.0.1:1', canary: 'https://127.0.0.1:1' },
      /^canary-server: the local proxy speaks http only/,
    ],
  ])('names the upstream input that is wrong', (upstreams, message) => {
    expect(() => new LocalProxyRouter({ kind: 'local', listen: '127.0.0.1:0', upstreams })).toThrow(message);
  });

  it('check() names an upstream that does not answer', async () => {
    const stable = await startService('stable');
    const closed = await freePort();
    const router = new LocalProxyRouter({
      kind: 'local',
      listen: '127.0.0.1:0',
      upstreams: { stable: stable.url, canary: `http://127.0.0.1:${closed}` },
    });
    await expect(router.check()).rejects.toThrow(
      new RegExp(`^canary-server: http://127\\.0\\.0\\.1:${closed}/ does not answer \\(fetch failed \\(.*ECONNREFUSED`),
    );
    await router.close();
    await stable.close();
  });
});
