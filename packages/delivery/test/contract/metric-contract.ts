import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../../../test/support/delivery/service';
import type { Measurement, MetricProvider, TimeWindow, Track } from '../../src/ports';

/** What one adapter's suite provides: the provider over the real test world, and teardown. */
export interface ProviderUnderTest {
  provider: MetricProvider;
  services: Record<Track, Service>;
  /** Real traffic to both versions while a window runs, for providers that read what it leaves behind. */
  startTraffic?(): { stop(): Promise<unknown> };
  /** How long after a window's end its data is complete (Prometheus: the next scrape). */
  settleMs?: number;
  /** The same provider pointed at something that does not answer (absent for the prober, which is its own source). */
  unreachable?(): MetricProvider;
  stop(): Promise<void>;
}

const WINDOW_MS = 8_000;

/**
 * The contract every MetricProvider keeps, each over the real product: it tells a canary failing
 * 10% of its requests, and six times slower at p95, from a healthy stable in the same window (per-track
 * value, request count, samples spread over the window); an unmeasured window is no data, never 0;
 * an unreachable provider rejects with a ProviderError on measure() and a ConfigurationError on
 * check(); a kind it cannot measure is declared, not faked.
 */
export function metricContract(
  name: string,
  setup: () => Promise<ProviderUnderTest>,
  options: { noOutage?: string } = {},
) {
  describe(`MetricProvider contract: ${name}`, () => {
    let subject: ProviderUnderTest;
    let window: TimeWindow;
    const measured = new Map<string, Measurement>();
    const measure = async (kind: 'error-rate' | 'latency-p95', track: Track) => {
      const key = `${kind}/${track}`;
      if (!measured.has(key)) measured.set(key, await subject.provider.measure({ name: kind, kind, track, window }));
      return measured.get(key)!;
    };

    beforeAll(async () => {
      subject = await setup();
      subject.services.stable.set({ errorRate: 0, latencyMs: 20, jitterMs: 20 });
      subject.services.canary.set({ errorRate: 0.1, latencyMs: 150, jitterMs: 100 });
      const start = new Date();
      window = { start, end: new Date(start.getTime() + WINDOW_MS) };
      const traffic = subject.startTraffic?.();
      await Promise.all([subject.provider.observe?.(window), sleepUntil(window.end)]);
      await traffic?.stop();
      await sleep(subject.settleMs ?? 0);
    });
    afterAll(async () => {
      await subject?.provider.close?.();
      await subject?.stop();
    });

    it('passes its own check', async () => {
      await expect(subject.provider.check()).resolves.toBeUndefined();
    });

    it("measures each track's error rate over the window, in percent", async () => {
      const stable = await measure('error-rate', 'stable');
      const canary = await measure('error-rate', 'canary');
      expect(stable.value).toBeDefined();
      expect(stable.value!).toBeLessThan(1);
      expect(canary.value!).toBeGreaterThan(6);
      expect(canary.value!).toBeLessThan(14);
      for (const measurement of [stable, canary]) {
        expect(measurement.count ?? 0, 'requests behind the value').toBeGreaterThanOrEqual(50);
        expect(measurement.samples.length, 'samples spread over the window').toBeGreaterThan(1);
        expect(measurement.samples.every(Number.isFinite)).toBe(true);
        expect(measurement.source).not.toBe('');
      }
    });

    it("measures each track's p95 latency in ms, or declares it cannot", async () => {
      if (!subject.provider.supports('latency-p95')) {
        // Declared, never measured as a pass: the judge shows "not measured by <provider>".
        expect(subject.provider.supports('error-rate')).toBe(true);
        return;
      }
      const stable = await measure('latency-p95', 'stable');
      const canary = await measure('latency-p95', 'canary');
      // stable: 20 to 40 ms, p95 about 39; canary: 150 to 250 ms, p95 about 245. Providers that time
      // requests in this busy test process (prober, local proxy) add its event-loop delays to both.
      expect(stable.value!).toBeGreaterThan(25);
      expect(canary.value!).toBeGreaterThan(200);
      expect(canary.value!).toBeLessThan(1_000);
      expect(canary.value! - stable.value!).toBeGreaterThan(100);
      expect(canary.samples.length).toBeGreaterThan(1);
    });

    it('has no data for a window nobody measured, never a zero', async () => {
      const long = {
        start: new Date(window.start.getTime() - 3_600_000),
        end: new Date(window.start.getTime() - 3_000_000),
      };
      const measurement = await subject.provider.measure({
        name: 'error-rate',
        kind: 'error-rate',
        track: 'canary',
        window: long,
      });
      expect(measurement.value).toBeUndefined();
    });

    it.skipIf(options.noOutage !== undefined)(
      `rejects with a ProviderError when the provider does not answer, and check() names the input${options.noOutage ? ` (not run: ${options.noOutage})` : ''}`,
      async () => {
        const gone = subject.unreachable!();
        // A provider that samples while traffic flows finds out while it observes; measure() then says so.
        const start = new Date();
        const outage = { start, end: new Date(start.getTime() + 1_500) };
        await gone.observe?.(outage);
        await expect(
          gone.measure({ name: 'error-rate', kind: 'error-rate', track: 'canary', window: outage }),
        ).rejects.toMatchObject({ name: 'ProviderError' });
        await expect(gone.check()).rejects.toMatchObject({ name: 'ConfigurationError' });
      },
    );
  });
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sleepUntil(time: Date) {
  return sleep(Math.max(0, time.getTime() - Date.now()));
}
