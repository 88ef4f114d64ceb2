import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/delivery/process';
import { type CanaryWorld, startCanaryWorld } from '../../../../test/support/delivery/world';
import { PrometheusProvider } from '../../src/metrics/prometheus';
import { DEFAULT_ERROR_RATE_QUERY, DEFAULT_LATENCY_QUERY } from '../../src/metrics/promql';
import { HaproxyRouter } from '../../src/routers/haproxy';
import { metricContract } from '../contract/metric-contract';

const settings = (url: string) => ({
  kind: 'prometheus' as const,
  url,
  errorRateQuery: DEFAULT_ERROR_RATE_QUERY,
  latencyQuery: DEFAULT_LATENCY_QUERY,
  stepSeconds: 2,
});

/** Traffic through HAProxy at 50%: the split a rollout step would have. */
async function worldAtHalf() {
  const world = await startCanaryWorld({ router: 'haproxy', prometheus: true });
  const haproxy = world.haproxy!;
  await new HaproxyRouter({ kind: 'haproxy', ...haproxy }).setWeight(50);
  return world;
}

metricContract('prometheus', async () => {
  const world = await worldAtHalf();
  // A port nothing listens on (fetch refuses some low ports outright, which would prove nothing).
  const closed = await freePort();
  return {
    provider: new PrometheusProvider(settings(world.prometheus!.url)),
    services: { stable: world.stable, canary: world.canary },
    startTraffic: () => world.startLoad({ rate: 100 }),
    // One scrape (1 s) and a margin, so the window's last second is in the TSDB.
    settleMs: 2_500,
    unreachable: () => new PrometheusProvider(settings(`http://127.0.0.1:${closed}`)),
    stop: world.stop,
  };
});

describe('PrometheusProvider against a real Prometheus', () => {
  let world: CanaryWorld;
  let provider: PrometheusProvider;
  /** When the setup's traffic at 50% ran. */
  let traffic: { start: Date; end: Date };
  beforeAll(async () => {
    world = await worldAtHalf();
    provider = new PrometheusProvider(settings(world.prometheus!.url));
    const start = new Date();
    const load = world.startLoad({ rate: 50 });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await load.stop();
    traffic = { start, end: new Date() };
    // One scrape after the traffic, so all of it is in the TSDB.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  });
  afterAll(() => world?.stop());
  const lastSeconds = (s: number) => ({ start: new Date(Date.now() - s * 1000), end: new Date() });

  it('a query returning several series where one is expected is a ConfigurationError naming the input', async () => {
    const request = {
      name: 'error-rate',
      kind: 'error-rate' as const,
      track: 'stable' as const,
      window: lastSeconds(10),
      query: 'rate(http_requests_total[{{ interval }}])',
    };
    await expect(provider.measure(request)).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(/^error-rate-query: the query returns \d+ series where one is expected/),
    });
    const custom = { ...request, name: 'checkout', kind: 'custom' as const };
    await expect(provider.measure(custom)).rejects.toThrow(/^analysis: metric "checkout": the query returns/);
  });

  it('check() finds a bad built-in query before any traffic moves', async () => {
    const several = new PrometheusProvider({ ...settings(world.prometheus!.url), latencyQuery: 'up' });
    await expect(several.check()).rejects.toThrow(/^latency-query: the query returns 2 series/);
    const broken = new PrometheusProvider({ ...settings(world.prometheus!.url), errorRateQuery: 'sum(rate(x[' });
    await expect(broken.check()).rejects.toThrow(/^error-rate-query: Prometheus refused the query \(bad_data/);
    const unknown = new PrometheusProvider({
      ...settings(world.prometheus!.url),
      errorRateQuery: 'up{x="{{ track }}"}',
    });
    await expect(unknown.check()).rejects.toThrow(/^error-rate-query: unknown placeholder \{\{ track \}\}/);
    await expect(new PrometheusProvider(settings(`http://127.0.0.1:${await freePort()}`)).check()).rejects.toThrow(
      /^prometheus-url: /,
    );
  });

  it('a track that got no requests in the window has no data (0/0), and a count of 0', async () => {
    await new HaproxyRouter({ kind: 'haproxy', ...world.haproxy! }).setWeight(0);
    const load = world.startLoad({ rate: 50 });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await load.stop();
    // The last 3 s, ending one scrape before now: the canary's series exist, their rates are 0.
    const end = new Date(Date.now() - 1_500);
    const window = { start: new Date(end.getTime() - 3_000), end };
    for (const kind of ['error-rate', 'latency-p95'] as const) {
      const canary = await provider.measure({ name: kind, kind, track: 'canary', window });
      expect(canary.value, kind).toBeUndefined();
      expect(canary.count, kind).toBe(0);
      const stable = await provider.measure({ name: kind, kind, track: 'stable', window });
      expect(stable.value, kind).toBeDefined();
    }
    await new HaproxyRouter({ kind: 'haproxy', ...world.haproxy! }).setWeight(50);
  });

  it('a custom metric is returned as the query gives it, with the placeholders replaced', async () => {
    const measurement = await provider.measure({
      name: 'requests',
      kind: 'custom',
      track: 'canary',
      window: traffic,
      query: 'sum(increase(http_requests_total{version="{{ version }}"}[{{ interval }}]))',
    });
    expect(measurement.value).toBeGreaterThan(10);
    expect(measurement.count).toBeUndefined();
    expect(measurement.source).toContain('version="canary"');
    expect(measurement.source).toContain(`[${Math.round((traffic.end.getTime() - traffic.start.getTime()) / 1000)}s]`);
  });
});

describe('PrometheusProvider against answers that are not Prometheus', () => {
  const answers: { status: number; body: string }[] = [];
  let url: string;
  let server: ReturnType<typeof createServer>;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      const next = answers.shift() ?? { status: 500, body: '' };
      response.writeHead(next.status, { 'content-type': 'application/json' });
      response.end(next.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const window = { start: new Date(Date.now() - 60_000), end: new Date() };
  const request = { name: 'error-rate', kind: 'error-rate' as const, track: 'canary' as const, window };

  it.each([
    ['a body that is not JSON', { status: 200, body: '<html>proxy</html>' }, /not JSON/],
    ['no status', { status: 200, body: '{"data":{}}' }, /without a status/],
    [
      'an unknown result type',
      { status: 200, body: '{"status":"success","data":{"resultType":"streams","result":[]}}' },
      /resultType streams/,
    ],
    [
      'a sample that is not [time, "value"]',
      {
        status: 200,
        body: '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}',
      },
      /not \[time, "value"\]/,
    ],
    [
      'a value that is not a number',
      {
        status: 200,
        body: '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}',
      },
      /the value "abc"/,
    ],
    [
      'a server error',
      { status: 503, body: '{"status":"error","errorType":"unavailable","error":"overloaded"}' },
      /503 \(unavailable: overloaded\)/,
    ],
  ])('%s is a ProviderError', async (_what, answer, message) => {
    answers.length = 0;
    answers.push(answer);
    await expect(new PrometheusProvider(settings(url)).measure(request)).rejects.toMatchObject({
      name: 'ProviderError',
      message: expect.stringMatching(message),
    });
  });

  it('NaN (0/0: no requests in the window) is no data, not a number', async () => {
    answers.length = 0;
    const nan = '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}}';
    const empty = '{"status":"success","data":{"resultType":"matrix","result":[]}}';
    answers.push({ status: 200, body: nan }, { status: 200, body: empty }, { status: 200, body: nan });
    const measurement = await new PrometheusProvider(settings(url)).measure(request);
    expect(measurement).toMatchObject({ value: undefined, samples: [] });
    expect(measurement.count).toBeUndefined();
  });
});
