import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HaproxyServer, startHaproxy } from '../../../../test/support/delivery/haproxy';
import { type Service, startService } from '../../../../test/support/delivery/service';
import { HaproxyRouter } from '../../src/routers/haproxy';
import { routerContract } from '../contract/router-contract';

async function haproxyWorld() {
  const stable = await startService('stable');
  const canary = await startService('canary');
  const haproxy = await startHaproxy({ stable: stable.url, canary: canary.url });
  const stop = async () => {
    await haproxy.stop();
    await stable.close();
    await canary.close();
  };
  return { stable, canary, haproxy, stop };
}

const settingsOf = (haproxy: HaproxyServer, socket = haproxy.socket) => ({
  kind: 'haproxy' as const,
  socket,
  backend: haproxy.backend,
  stableServer: haproxy.stableServer,
  canaryServer: haproxy.canaryServer,
});

routerContract('haproxy (Unix socket)', async () => {
  const world = await haproxyWorld();
  return { router: new HaproxyRouter(settingsOf(world.haproxy)), frontend: world.haproxy.url, stop: world.stop };
});

routerContract('haproxy (host:port)', async () => {
  const world = await haproxyWorld();
  const router = new HaproxyRouter(settingsOf(world.haproxy, world.haproxy.tcpSocket));
  return { router, frontend: world.haproxy.url, stop: world.stop };
});

describe('HaproxyRouter against a real HAProxy', () => {
  let world: { stable: Service; canary: Service; haproxy: HaproxyServer; stop(): Promise<void> };
  beforeAll(async () => {
    world = await haproxyWorld();
  });
  afterAll(() => world?.stop());

  it.each([
    ['haproxy-socket', { socket: '/nonexistent/admin.sock' }, /haproxy-socket: cannot reach/],
    ['haproxy-socket', { socket: '127.0.0.1:1' }, /haproxy-socket: cannot reach/],
    ['backend', { backend: 'nope' }, /backend: HAProxy has no backend "nope"/],
    ['stable-server', { stableServer: 'nope' }, /stable-server: backend "app" has no server "nope"/],
    ['canary-server', { canaryServer: 'nope' }, /canary-server: backend "app" has no server "nope"/],
  ])('check() names %s when it is wrong', async (_input, change, message) => {
    const router = new HaproxyRouter({ ...settingsOf(world.haproxy), ...change });
    await expect(router.check()).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(message),
    });
  });

  it.each([
    ['backend', { backend: 'app; disable server app/stable' }],
    ['stable-server', { stableServer: 'stable\nshutdown' }],
    ['canary-server', { canaryServer: '' }],
  ])('refuses a %s that is not an HAProxy name (it could carry a second command)', (input, change) => {
    expect(() => new HaproxyRouter({ ...settingsOf(world.haproxy), ...change })).toThrow(new RegExp(`^${input}: `));
  });

  it('counts a server in maintenance as taking no traffic, and readies it when it must serve', async () => {
    const router = new HaproxyRouter(settingsOf(world.haproxy));
    const { HaproxyRuntimeApi } = await import('../../src/haproxy-runtime');
    await router.setWeight(50);
    await new HaproxyRuntimeApi(world.haproxy.socket).command('set server app/canary state maint');
    expect(await router.weight()).toBe(0);
    await router.setWeight(50);
    expect(await router.weight()).toBe(50);
  });

  it('a lost Runtime API mid-rollout is a ProviderError, not a configuration mistake', async () => {
    const router = new HaproxyRouter({ ...settingsOf(world.haproxy), socket: `${world.haproxy.socket}.gone` });
    await expect(router.setWeight(10)).rejects.toMatchObject({ name: 'ProviderError' });
  });
});
