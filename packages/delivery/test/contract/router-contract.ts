import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoad } from '../../../../test/support/delivery/load';
import type { TrafficRouter } from '../../src/ports';

/** What one adapter's suite provides: the router under test, where its traffic enters, and teardown. */
export interface RouterUnderTest {
  router: TrafficRouter;
  /**
   * The URL clients send traffic to, in front of the two versions of the test service (which name
   * themselves in `x-version`). Omitted only where no real data plane can run here (the Gateway
   * API: no cluster), and then the traffic half of the contract is reported as not run for it.
   */
  frontend?: string;
  stop(): Promise<void>;
}

/** Requests per split check: at 5% that is 20 expected canary answers, and 4 standard deviations of slack. */
const REQUESTS = 400;

/**
 * The contract every TrafficRouter keeps, run against each adapter over the real product where
 * this machine can run it. It proves what a rollout relies on: weight() reads back what
 * setWeight() set; the real traffic split matches the weight within a binomial tolerance; 0 and
 * 100 send nothing to the other side; bad weights are refused; weight changes under steady load
 * lose no request.
 */
export function routerContract(
  name: string,
  setup: () => Promise<RouterUnderTest>,
  options: { noDataPlane?: string } = {},
) {
  describe(`TrafficRouter contract: ${name}`, () => {
    let subject: RouterUnderTest;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject?.router.close?.();
      await subject?.stop();
    });

    it('passes its own check before any traffic moves', async () => {
      await expect(subject.router.check()).resolves.toBeUndefined();
    });

    it('reads back every weight it sets', async () => {
      for (const percent of [0, 1, 5, 10, 33, 50, 99, 100, 0]) {
        await subject.router.setWeight(percent);
        expect(await subject.router.weight()).toBeCloseTo(percent, 6);
      }
    });

    it('refuses weights that are not a whole percent from 0 to 100', async () => {
      for (const bad of [-1, 101, 2.5, Number.NaN]) {
        await expect(subject.router.setWeight(bad)).rejects.toThrow(/whole percent/);
      }
    });

    // Shown as skipped with its reason (never as passed) where no data plane can run here.
    describe.skipIf(options.noDataPlane !== undefined)(
      `real traffic${options.noDataPlane ? `: not run, ${options.noDataPlane}` : ''}`,
      () => {
        const split = async (percent: number) => {
          if (!subject.frontend) throw new Error(`${name}: no frontend given`);
          await subject.router.setWeight(percent);
          const counts: Record<string, number> = {};
          const frontend = subject.frontend;
          let left = REQUESTS;
          // A few requests at a time: quicker, and a round-robin split does not depend on it.
          const worker = async () => {
            while (left-- > 0) {
              const version = await versionOf(frontend);
              counts[version] = (counts[version] ?? 0) + 1;
            }
          };
          await Promise.all(Array.from({ length: 8 }, worker));
          return counts;
        };

        it('at 0 the canary receives nothing, at 100 stable receives nothing', async () => {
          expect(await split(0)).toEqual({ stable: REQUESTS });
          expect(await split(100)).toEqual({ canary: REQUESTS });
        });

        it('splits traffic as set, within a binomial tolerance', async () => {
          for (const percent of [5, 50, 90]) {
            const counts = await split(percent);
            const p = percent / 100;
            const tolerance = 4 * Math.sqrt(REQUESTS * p * (1 - p));
            expect(Object.keys(counts).sort()).toEqual(['canary', 'stable']);
            expect(Math.abs((counts.canary ?? 0) - REQUESTS * p)).toBeLessThanOrEqual(tolerance);
          }
        });

        it('loses no request while weights change under steady load', async () => {
          if (!subject.frontend) throw new Error(`${name}: no frontend given`);
          const load = startLoad(subject.frontend, { rate: 150 });
          for (const percent of [0, 5, 50, 100, 10, 0]) {
            await subject.router.setWeight(percent);
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
          const report = await load.stop();
          expect(report.lostSamples).toEqual([]);
          expect(report.byVersion.stable?.answered).toBeGreaterThan(0);
          expect(report.byVersion.canary?.answered).toBeGreaterThan(0);
        });
      },
    );
  });
}

/** One GET through the frontend on a fresh connection; the answering version's name. */
function versionOf(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(String(response.headers['x-version'] ?? `no version (${response.statusCode})`)));
    });
    req.on('error', reject);
    req.end();
  });
}
