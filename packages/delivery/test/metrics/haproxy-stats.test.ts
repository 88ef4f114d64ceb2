import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CanaryWorld, startCanaryWorld } from '../../../../test/support/delivery/world';
import { HaproxyStatsProvider, parseStatCsv } from '../../src/metrics/haproxy-stats';
import { HaproxyRouter } from '../../src/routers/haproxy';
import { metricContract } from '../contract/metric-contract';

const settingsOf = (world: CanaryWorld, socket = world.haproxy!.socket) => ({
  kind: 'haproxy' as const,
  socket,
  backend: world.haproxy!.backend,
  stableServer: world.haproxy!.stableServer,
  canaryServer: world.haproxy!.canaryServer,
});

metricContract('haproxy statistics', async () => {
  const world = await startCanaryWorld({ router: 'haproxy' });
  await new HaproxyRouter({ kind: 'haproxy', ...world.haproxy! }).setWeight(50);
  return {
    provider: new HaproxyStatsProvider(settingsOf(world), 500),
    services: { stable: world.stable, canary: world.canary },
    startTraffic: () => world.startLoad({ rate: 100 }),
    unreachable: () => new HaproxyStatsProvider(settingsOf(world, `${world.haproxy!.socket}.gone`), 500),
    stop: world.stop,
  };
});

describe('HaproxyStatsProvider against a real HAProxy', () => {
  let world: CanaryWorld;
  beforeAll(async () => {
    world = await startCanaryWorld({ router: 'haproxy' });
  });
  afterAll(() => world?.stop());

  it.each([
    ['haproxy-socket', { socket: '/nonexistent/admin.sock' }, /^haproxy-socket: cannot read/],
    ['backend', { backend: 'nope' }, /^backend: HAProxy's statistics have no backend "nope"/],
    ['stable-server', { stableServer: 'nope' }, /^stable-server: backend "app" has no server "nope"/],
    ['canary-server', { canaryServer: 'nope' }, /^canary-server: backend "app" has no server "nope"/],
  ])('check() names %s when it is wrong', async (_input, change, message) => {
    const provider = new HaproxyStatsProvider({ ...settingsOf(world), ...change });
    await expect(provider.check()).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(message),
    });
  });

  it('judges the difference between reads taken at ticks (observe() of a window that just ended)', async () => {
    await new HaproxyRouter({ kind: 'haproxy', ...world.haproxy! }).setWeight(100);
    world.canary.set({ errorRate: 0.5 });
    const provider = new HaproxyStatsProvider(settingsOf(world));
    const load = world.startLoad({ rate: 100 });
    const start = new Date();
    await provider.observe({ start, end: start });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const end = new Date();
    await provider.observe({ start, end });
    await load.stop();
    const measurement = await provider.measure({
      name: 'error-rate',
      kind: 'error-rate',
      track: 'canary',
      window: { start, end },
    });
    expect(measurement.count).toBeGreaterThan(100);
    expect(measurement.value).toBeGreaterThan(40);
    expect(measurement.value).toBeLessThan(60);
    world.canary.set({ errorRate: 0 });
  });

  it('declares p95 as not measured, and refuses to pretend', async () => {
    const provider = new HaproxyStatsProvider(settingsOf(world));
    expect(provider.supports('latency-p95')).toBe(false);
    const window = { start: new Date(), end: new Date() };
    await expect(provider.measure({ name: 'p95', kind: 'latency-p95', track: 'canary', window })).rejects.toThrow(
      /not measured by haproxy/,
    );
  });
});

describe('show stat CSV', () => {
  it('reads fields by the "# " header and refuses an answer without it', () => {
    const rows = parseStatCsv('# pxname,svname,hrsp_5xx,\napp,canary,3,\napp,BACKEND,4,\n\n');
    expect(rows).toEqual([
      { pxname: 'app', svname: 'canary', hrsp_5xx: '3', '': '' },
      { pxname: 'app', svname: 'BACKEND', hrsp_5xx: '4', '': '' },
    ]);
    expect(() => parseStatCsv('Unknown command.\n')).toThrow(/without its "# " header/);
  });
});
