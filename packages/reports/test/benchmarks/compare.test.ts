import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import { compareBenchmarks } from '../../src/benchmarks/compare';
import { mannWhitneyU, smallestPValue } from '../../src/benchmarks/mann-whitney';
import type { BenchmarkReport, BenchmarkResult } from '../../src/model';
import { load, sharedFixtures } from '../complexity/helpers';
import { BENCHSTAT_CRC } from './benchstat-crc-golden';

const bench = (name: string, samples: number[], unit = 'ns/op', biggerIsBetter = false): BenchmarkResult => ({
  name,
  unit,
  biggerIsBetter,
  samples,
});
const report = (...benchmarks: BenchmarkResult[]): BenchmarkReport => ({ benchmarks });

describe('Mann–Whitney U', () => {
  it("matches scipy's documented example", () => {
    // scipy.stats.mannwhitneyu documentation, Examples (after Wikipedia/[4]): diagnosis ages of
    // males [19, 22, 16, 29, 24] and females [20, 11, 17, 12]. U for males = 17, and the normal
    // approximation `mannwhitneyu(males, females, method="asymptotic")` gives p = 0.11134688653314041.
    const result = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(result.u).toBe(17);
    expect(result.pValue).toBeCloseTo(0.11134688653314041, 12);
  });

  it('corrects the variance for ties as scipy does', () => {
    // scipy 1.17.1: mannwhitneyu([1,2,2,3,3,3,4], [3,4,4,5,5,6], method='asymptotic')
    // -> statistic 3.5, pvalue 0.012999854364387305.
    const result = mannWhitneyU([1, 2, 2, 3, 3, 3, 4], [3, 4, 4, 5, 5, 6]);
    expect(result.u).toBe(3.5);
    expect(result.pValue).toBeCloseTo(0.012999854364387305, 12);
  });

  it('gives p = 1 when every value is equal, and is symmetric', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5]).pValue).toBe(1);
    const a = [1.1, 2.5, 3.3, 0.4, 9];
    const b = [4, 5.5, 6, 7.25];
    expect(mannWhitneyU(a, b).pValue).toBeCloseTo(mannWhitneyU(b, a).pValue, 15);
    expect(mannWhitneyU(a, b).u + mannWhitneyU(b, a).u).toBe(a.length * b.length);
  });

  it('knows which sample sizes can never reach significance at 0.05', () => {
    // benchstat's rule of thumb: 4 + 4 samples are the fewest that can show a difference.
    expect(smallestPValue(3, 3)).toBeGreaterThan(0.05);
    expect(smallestPValue(3, 4)).toBeGreaterThan(0.05);
    expect(smallestPValue(4, 4)).toBeLessThan(0.05);
    expect(smallestPValue(1, 30)).toBeGreaterThan(0.05);
  });
});

describe('compareBenchmarks', () => {
  const slow = [110, 111, 112, 113, 114, 115, 116, 117];
  const base = [100, 101, 102, 103, 104, 105, 106, 107];

  it('flags a significant regression beyond the threshold', () => {
    const [result] = compareBenchmarks(report(bench('A', base)), report(bench('A', slow)), { maxRegressionPercent: 5 });
    expect(result).toMatchObject({
      verdict: 'regressed',
      baseline: 103.5,
      current: 113.5,
      significant: true,
      untested: false,
      testable: true,
    });
    expect(result?.changePercent).toBeCloseTo((10 / 103.5) * 100, 10);
    expect(result?.pValue).toBeLessThan(0.01);
  });

  it('does not flag a change within the threshold, nor an insignificant one beyond it', () => {
    const within = compareBenchmarks(report(bench('A', base)), report(bench('A', slow)), { maxRegressionPercent: 15 });
    expect(within[0]?.verdict).toBe('unchanged');
    const noisy = compareBenchmarks(report(bench('A', [100, 300, 90, 310])), report(bench('A', [120, 95, 320, 305])), {
      maxRegressionPercent: 5,
    });
    expect(noisy[0]).toMatchObject({ verdict: 'unchanged', significant: false });
  });

  it('turns the sign for bigger-is-better units', () => {
    const [result] = compareBenchmarks(
      report(bench('T', slow, 'ops/s', true)),
      report(bench('T', base, 'ops/s', true)),
      { maxRegressionPercent: 5 },
    );
    expect(result?.verdict).toBe('regressed');
    expect(result?.changePercent).toBeCloseTo((10 / 113.5) * 100, 10);
    const [better] = compareBenchmarks(
      report(bench('T', base, 'ops/s', true)),
      report(bench('T', slow, 'ops/s', true)),
      {
        maxRegressionPercent: 5,
      },
    );
    expect(better?.verdict).toBe('improved');
    expect(better?.changePercent).toBeLessThan(0);
  });

  it('lets the threshold alone decide single samples, flagged untested', () => {
    const [worse, same] = compareBenchmarks(
      report(bench('A', [100]), bench('B', [100])),
      report(bench('A', [120]), bench('B', [103])),
      {
        maxRegressionPercent: 10,
      },
    );
    expect(worse).toMatchObject({ verdict: 'regressed', untested: true, changePercent: 20 });
    expect(worse?.pValue).toBeUndefined();
    expect(worse?.note).toMatch(/no significance test/);
    expect(same).toMatchObject({ verdict: 'unchanged', untested: true });
  });

  it('says when too few samples make any difference insignificant', () => {
    const [result] = compareBenchmarks(report(bench('A', [100, 101, 102])), report(bench('A', [200, 201, 202])), {
      maxRegressionPercent: 10,
    });
    expect(result).toMatchObject({ verdict: 'unchanged', testable: false, untested: false, significant: false });
    expect(result?.note).toMatch(/too few samples \(3 vs 3\)/);
  });

  it('reports new and missing benchmarks, matching by name and unit', () => {
    const results = compareBenchmarks(
      report(bench('A', [1]), bench('A', [5], 'B/op'), bench('Gone', [1])),
      report(bench('A', [1]), bench('A', [5], 'allocs/op'), bench('Fresh', [2, 3])),
      { maxRegressionPercent: 10 },
    );
    const verdicts = Object.fromEntries(results.map((r) => [`${r.name} ${r.unit}`, r.verdict]));
    expect(verdicts).toEqual({
      'A ns/op': 'unchanged',
      'A allocs/op': 'new',
      'Fresh ns/op': 'new',
      'A B/op': 'missing',
      'Gone ns/op': 'missing',
    });
    expect(results.find((r) => r.name === 'Fresh')).toMatchObject({
      current: 2.5,
      currentSamples: 2,
      baselineSamples: 0,
    });
  });

  it('pools results for the same benchmark from several files', () => {
    const [result] = compareBenchmarks(
      report(bench('A', base.slice(0, 4)), bench('A', base.slice(4))),
      report(bench('A', slow)),
      { maxRegressionPercent: 5 },
    );
    expect(result).toMatchObject({ baselineSamples: 8, verdict: 'regressed' });
  });

  it('handles a zero baseline', () => {
    const [result] = compareBenchmarks(report(bench('A', [0])), report(bench('A', [1])), { maxRegressionPercent: 10 });
    expect(result).toMatchObject({ verdict: 'regressed', changePercent: Number.POSITIVE_INFINITY });
  });

  it('refuses nonsense options', () => {
    expect(() => compareBenchmarks(report(), report(), { maxRegressionPercent: -1 })).toThrow(RangeError);
    expect(() => compareBenchmarks(report(), report(), { maxRegressionPercent: 5, alpha: 2 })).toThrow(RangeError);
  });
});

const gotestDir = sharedFixtures('gotest');

describeConformance('gotest', "agreement with benchstat's crc comparison", () => {
  it('finds the same medians, deltas and (nearly) the same significant changes', async () => {
    const old = (await load(join(gotestDir, 'benchstat-crc-old.txt'), 'benchmarks')).result;
    const current = (await load(join(gotestDir, 'benchstat-crc-new.txt'), 'benchmarks')).result;
    const results = compareBenchmarks(old, current, { maxRegressionPercent: 0 });
    expect(results).toHaveLength(72);
    const disagreements: string[] = [];
    for (const [name, unit, p, delta] of BENCHSTAT_CRC) {
      const ours = results.find((r) => r.name === `hash/crc32.BenchmarkCRC32/${name}` && r.unit === unit);
      expect(ours, `${name} ${unit}`).toBeDefined();
      if (!ours || ours.changePercent === undefined || ours.pValue === undefined) continue;
      expect(ours.testable).toBe(true);
      // benchstat prints the raw delta; ours is positive = worse, so B/s turns round.
      const rawDelta = unit === 'MB/s' ? -ours.changePercent : ours.changePercent;
      if (delta !== null) expect(rawDelta, `${name} ${unit}`).toBeCloseTo(delta, 1);
      // benchstat's p-values are exact (tie-aware U distribution); ours are the normal approximation.
      // The largest gap on these 72 pairs is 0.011.
      expect(Math.abs(ours.pValue - p), `${name} ${unit} p`).toBeLessThan(0.015);
      if (ours.significant !== (delta !== null)) {
        disagreements.push(`${name} ${unit}: benchstat p=${p}, ours p=${ours.pValue.toFixed(3)}`);
      }
    }
    // All 72 agree, including the borderline p = 0.032-0.063 ones.
    expect(disagreements).toEqual([]);
  });

  it('flags as regressions at 5% exactly the significant deltas benchstat shows beyond 5% the wrong way', async () => {
    const old = (await load(join(gotestDir, 'benchstat-crc-old.txt'), 'benchmarks')).result;
    const current = (await load(join(gotestDir, 'benchstat-crc-new.txt'), 'benchmarks')).result;
    const results = compareBenchmarks(old, current, { maxRegressionPercent: 5 });
    const worse = BENCHSTAT_CRC.filter(([, unit, , delta]) => delta !== null && (unit === 'MB/s' ? -delta : delta) > 5);
    const regressed = results.filter((r) => r.verdict === 'regressed');
    expect(regressed.map((r) => `${r.name.replace('hash/crc32.BenchmarkCRC32/', '')} ${r.unit}`).sort()).toEqual(
      worse.map(([name, unit]) => `${name} ${unit}`).sort(),
    );
    expect(regressed).toHaveLength(4);
  });
});
