import { describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/delivery/process';
import { startService } from '../../../../test/support/delivery/service';
import { ProbeProvider } from '../../src/metrics/probe';
import { metricContract } from '../contract/metric-contract';

const settings = (stable: string, canary: string) => ({
  kind: 'probe' as const,
  urls: { stable, canary },
  rate: 20,
  timeoutMs: 2_000,
});

metricContract(
  'probe',
  async () => {
    const stable = await startService('stable');
    const canary = await startService('canary');
    return {
      provider: new ProbeProvider(settings(stable.url, canary.url)),
      services: { stable, canary },
      stop: async () => {
        await stable.close();
        await canary.close();
      },
    };
  },
  { noOutage: 'the prober is its own source; a version it cannot reach is a failing version, tested below' },
);

describe('ProbeProvider', () => {
  it('counts a version that refuses connections or hangs as failing every request, not as no data', async () => {
    const stable = await startService('stable', { latencyMs: 3_000, jitterMs: 0 });
    const probe = new ProbeProvider({
      ...settings(stable.url, `http://127.0.0.1:${await freePort()}`),
      timeoutMs: 300,
    });
    const start = new Date();
    const window = { start, end: new Date(start.getTime() + 1_000) };
    await probe.observe(window);
    for (const track of ['stable', 'canary'] as const) {
      const measurement = await probe.measure({ name: 'error-rate', kind: 'error-rate', track, window });
      expect(measurement.value).toBe(100);
      expect(measurement.count).toBeGreaterThanOrEqual(15);
    }
    await stable.close();
  });

  it('keeps probing between ticks when a rollout calls observe() after each sleep, until close()', async () => {
    const stable = await startService('stable');
    const canary = await startService('canary', { errorRate: 0.5 });
    const probe = new ProbeProvider(settings(stable.url, canary.url));
    const start = new Date();
    await probe.observe({ start, end: start });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const end = new Date();
    await probe.observe({ start, end });
    const window = { start, end };
    const measurement = await probe.measure({ name: 'error-rate', kind: 'error-rate', track: 'canary', window });
    expect(measurement.count).toBeGreaterThanOrEqual(20);
    expect(measurement.value).toBeCloseTo(50, -1);
    await probe.close();
    const after = stable.served().requests;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stable.served().requests, 'no probing after close()').toBe(after);
    await stable.close();
    await canary.close();
  });

  it.each([
    [{ urls: { stable: 'x', canary: 'http://127.0.0.1:1' } }, /^probe-url: the stable URL "x" is not a URL/],
    [
      { urls: { stable: 'http://127.0.0.1:1', canary: 'file:///etc/passwd' } },
      /^probe-url: the canary URL .* is not http/,
    ],
    [{ rate: 0 }, /^probe-rate: /],
    [{ timeoutMs: -1 }, /^probe-timeout: /],
  ])('names the input that is wrong', (change, message) => {
    expect(() => new ProbeProvider({ ...settings('http://127.0.0.1:1', 'http://127.0.0.1:2'), ...change })).toThrow(
      message,
    );
  });

  it('check() names a version that does not answer', async () => {
    const stable = await startService('stable');
    await expect(
      new ProbeProvider(settings(stable.url, `http://127.0.0.1:${await freePort()}`)).check(),
    ).rejects.toThrow(/^probe-url: the canary version does not answer/);
    await stable.close();
  });
});
