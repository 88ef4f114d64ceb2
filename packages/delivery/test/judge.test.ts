import { mannWhitneyU } from '@ccm/reports/stats';
import lognormalFactory from '@stdlib/random-base-lognormal';
import { describe, expect, it } from 'vitest';
import { compareToBaseline, judgeMetric, type MetricSpec, notMeasured } from '../src/judge';
import { quantile } from './sim-world';

const OPTIONS = { alpha: 0.01, tolerance: 0.2 };
const P95: MetricSpec = { name: 'p95', kind: 'latency-p95', unit: 'ms', max: 500, compare: true };
const measured = (value: number | undefined, samples: number[] = [], count?: number) => ({
  value,
  samples,
  source: 'test',
  ...(count === undefined ? {} : { count }),
});

describe('the Mann-Whitney U test the judge ranks with (shared with the benchmark comparison)', () => {
  // Values from scipy 1.17.1: scipy.stats.mannwhitneyu(canary, stable, method='asymptotic'),
  // two-sided with its default continuity correction.
  it('matches scipy on latencies three times slower', () => {
    const stable = [101, 96, 120, 88, 143, 110, 99, 105, 131, 92];
    const canary = [300, 280, 350, 264, 410, 333, 298, 301, 389, 276];
    const result = mannWhitneyU(canary, stable);
    expect(result.u).toBe(100);
    expect(result.pValue).toBeCloseTo(0.00018267179110955002, 12);
  });
  it('matches scipy on per-poll error rates full of ties at zero', () => {
    const stable = [0, 0, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 0];
    const canary = [0, 5, 0, 2.5, 7.5, 0, 5, 2.5, 0, 10, 0, 5];
    const result = mannWhitneyU(canary, stable);
    expect(result.u).toBe(110.5);
    expect(result.pValue).toBeCloseTo(0.008776954135818986, 12);
  });
  it('matches scipy on two overlapping samples (p = 1)', () => {
    const result = mannWhitneyU(
      [12.5, 14.8, 12.2, 15.9, 13.1, 13.6, 12.4, 14.4],
      [12.1, 15.3, 11.8, 14.2, 13.3, 12.9, 16.1, 13.7],
    );
    expect(result.u).toBe(32);
    expect(result.pValue).toBe(1);
  });
});

describe('compareToBaseline', () => {
  it('fails a canary significantly worse and beyond the tolerance, with the p-value and effect', () => {
    const stable = [101, 96, 120, 88, 143, 110, 99, 105, 131, 92];
    const canary = stable.map((v) => v * 3);
    const result = compareToBaseline(measured(400, canary), measured(135, stable), true, OPTIONS);
    expect(result.verdict).toBe('fail');
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.effect).toBeCloseTo(400 / 135 - 1, 10);
    expect(result.reason).toMatch(/^worse than stable: \+196 % vs stable 135, p = 0.000\d/);
  });
  it('passes a significant difference within the tolerance (effect size matters, not only p)', () => {
    const stable = Array.from({ length: 200 }, (_, i) => 100 + (i % 20));
    const canary = stable.map((v) => v * 1.1);
    const result = compareToBaseline(measured(130, canary), measured(118, stable), true, OPTIONS);
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.verdict).toBe('pass');
    expect(result.reason).toMatch(/^within the tolerance/);
  });
  it('passes a large but insignificant difference', () => {
    const result = compareToBaseline(
      measured(300, [50, 300, 60, 70, 80, 90, 65, 72]),
      measured(100, [55, 100, 65, 75, 85, 88, 62, 70]),
      true,
      OPTIONS,
    );
    expect(result.verdict).toBe('pass');
    expect(result.reason).toMatch(/^no significant difference/);
  });
  it('for a metric with a minimum, only a decrease is worse', () => {
    const stable = [0.98, 0.97, 0.99, 0.98, 0.97, 0.99, 0.98, 0.99, 0.97, 0.98];
    const better = stable.map((v) => v + 0.5);
    expect(compareToBaseline(measured(1.48, better), measured(0.98, stable), false, OPTIONS).verdict).toBe('pass');
    const worse = stable.map((v) => v / 2);
    expect(compareToBaseline(measured(0.49, worse), measured(0.98, stable), false, OPTIONS).verdict).toBe('fail');
  });
  it('skips, and says so, when too few samples could ever reach the confidence level', () => {
    const result = compareToBaseline(measured(900, [900, 950]), measured(100, [100, 90]), true, OPTIONS);
    expect(result).toMatchObject({ verdict: 'skipped', reason: 'too few samples to compare (canary 2, stable 2)' });
  });
  it('an error rate above a zero baseline is an infinite effect', () => {
    const result = compareToBaseline(
      measured(3, [0, 5, 0, 2.5, 7.5, 0, 5, 2.5, 0, 10, 0, 5]),
      measured(0, Array(12).fill(0)),
      true,
      OPTIONS,
    );
    expect(result.verdict).toBe('fail');
    expect(result.effect).toBe(Number.POSITIVE_INFINITY);
    expect(result.reason).toMatch(/higher \(stable 0\)/);
  });
});

describe('judgeMetric', () => {
  it('fails on the fixed threshold whatever the baseline says', () => {
    const result = judgeMetric(P95, measured(620, [600, 640]), measured(610, [600, 620]), OPTIONS);
    expect(result).toMatchObject({
      verdict: 'fail',
      value: 620,
      threshold: '< 500 ms',
      reason: '620 ms is not below 500 ms',
    });
  });
  it('a metric with a minimum fails below it', () => {
    const spec: MetricSpec = { name: 'checkout', kind: 'custom', unit: '', min: 0.95, compare: false };
    expect(judgeMetric(spec, measured(0.9), undefined, OPTIONS)).toMatchObject({
      verdict: 'fail',
      threshold: '>= 0.95',
    });
    expect(judgeMetric(spec, measured(0.96), undefined, OPTIONS).verdict).toBe('pass');
  });
  it('no value is no data, with the provider failure as the reason, never a pass', () => {
    expect(judgeMetric(P95, measured(undefined), undefined, OPTIONS)).toMatchObject({
      verdict: 'no-data',
      reason: 'no data in the window',
    });
    expect(judgeMetric(P95, undefined, undefined, OPTIONS, 'prometheus did not answer').reason).toBe(
      'prometheus did not answer',
    );
  });
  it('passes under the threshold with the baseline comparison recorded', () => {
    const stable = [101, 96, 120, 88, 143, 110, 99, 105, 131, 92];
    const result = judgeMetric(P95, measured(140, stable, 10), measured(138, stable), OPTIONS);
    expect(result.verdict).toBe('pass');
    expect(result.count).toBe(10);
    expect(result.baseline?.verdict).toBe('pass');
  });
  it('a metric the provider cannot measure is shown as such', () => {
    expect(notMeasured(P95, 'haproxy')).toMatchObject({ verdict: 'not-measured', reason: 'not measured by haproxy' });
  });
});

describe('the judge on 1,000 seeded runs', () => {
  // Per-request latencies (log-normal, median 100 ms, sigma 0.5) of one step: 50 requests to each version.
  const RUNS = 1000;
  const N = 50;
  const draw = lognormalFactory.factory({ seed: 20261203 });
  const sample = (scale: number) => Array.from({ length: N }, () => scale * draw(Math.log(100), 0.5));
  const judgeOnce = (scale: number) => {
    const stable = sample(1);
    const canary = sample(scale);
    return compareToBaseline(
      { value: quantile(canary, 0.95), samples: canary },
      { value: quantile(stable, 0.95), samples: stable },
      true,
      OPTIONS,
    ).verdict;
  };

  it('raises a false alarm in under 2% of runs on two identical distributions', () => {
    const alarms = Array.from({ length: RUNS }, () => judgeOnce(1)).filter((v) => v === 'fail').length;
    expect(alarms / RUNS).toBeLessThan(0.02);
  });
  it('detects a 3x p95 slowdown in at least 95% of runs', () => {
    const detected = Array.from({ length: RUNS }, () => judgeOnce(3)).filter((v) => v === 'fail').length;
    expect(detected / RUNS).toBeGreaterThanOrEqual(0.95);
  });
});
