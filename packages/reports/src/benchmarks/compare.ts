import type { BenchmarkReport } from '../model';
import { mannWhitneyU, smallestPValue } from './mann-whitney';

export type BenchmarkVerdict = 'regressed' | 'improved' | 'unchanged' | 'new' | 'missing';

export interface CompareOptions {
  /** A change worse than this many percent (of the baseline centre) is a regression. */
  maxRegressionPercent: number;
  /** Significance level of the Mann–Whitney U test; 0.05 unless given. */
  alpha?: number;
}

export interface BenchmarkComparison {
  name: string;
  unit: string;
  biggerIsBetter: boolean;
  verdict: BenchmarkVerdict;
  /** Median of the baseline samples (absent for `new`). */
  baseline?: number;
  /** Median of the current samples (absent for `missing`). */
  current?: number;
  baselineSamples: number;
  currentSamples: number;
  /**
   * Signed change of the centre in percent of the baseline centre, positive = worse whichever way
   * the unit runs. ±Infinity when the baseline centre is 0 and the current one is not.
   */
  changePercent?: number;
  /** Two-sided Mann–Whitney U p-value; absent when either side has a single sample. */
  pValue?: number;
  significant?: boolean;
  /**
   * True when both sides hold a single sample: no test is possible and the threshold alone decided.
   */
  untested: boolean;
  /**
   * False when the sample sizes are too small for the test ever to reach significance at alpha
   * (benchstat's "need >= 4 samples"): such a change is reported `unchanged` whatever its size,
   * unless untested. The gate should say so rather than pass it quietly.
   */
  testable: boolean;
  /** Why the verdict is weaker than it looks, in words for the summary. */
  note?: string;
}

/**
 * Compares two benchmark reports benchmark by benchmark (matched by name and unit; several results
 * for one key, from several files, are pooled). The centre is the median. A change beyond
 * ±maxRegressionPercent is `regressed`/`improved` only when the U test finds it significant, or when
 * both sides have one sample each and cannot be tested (flagged `untested`).
 */
export function compareBenchmarks(
  baseline: BenchmarkReport,
  current: BenchmarkReport,
  options: CompareOptions,
): BenchmarkComparison[] {
  const alpha = options.alpha ?? 0.05;
  const threshold = options.maxRegressionPercent;
  if (!(threshold >= 0)) throw new RangeError(`maxRegressionPercent must be >= 0, got ${threshold}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  const before = pool(baseline);
  const after = pool(current);
  const comparisons: BenchmarkComparison[] = [];

  for (const [key, now] of after) {
    const then = before.get(key);
    const common = { name: now.name, unit: now.unit, biggerIsBetter: now.biggerIsBetter };
    if (!then) {
      comparisons.push({
        ...common,
        verdict: 'new',
        current: median(now.samples),
        baselineSamples: 0,
        currentSamples: now.samples.length,
        untested: true,
        testable: false,
      });
      continue;
    }
    comparisons.push(compareOne(common, then.samples, now.samples, threshold, alpha));
  }
  for (const [key, then] of before) {
    if (after.has(key)) continue;
    comparisons.push({
      name: then.name,
      unit: then.unit,
      biggerIsBetter: then.biggerIsBetter,
      verdict: 'missing',
      baseline: median(then.samples),
      baselineSamples: then.samples.length,
      currentSamples: 0,
      untested: true,
      testable: false,
    });
  }
  return comparisons;
}

function compareOne(
  common: { name: string; unit: string; biggerIsBetter: boolean },
  baselineSamples: number[],
  currentSamples: number[],
  threshold: number,
  alpha: number,
): BenchmarkComparison {
  const baseline = median(baselineSamples);
  const current = median(currentSamples);
  const raw = relativeChange(baseline, current);
  const changePercent = common.biggerIsBetter ? -raw : raw;
  const untested = baselineSamples.length === 1 && currentSamples.length === 1;
  const testable = smallestPValue(baselineSamples.length, currentSamples.length) < alpha;
  const result: BenchmarkComparison = {
    ...common,
    verdict: 'unchanged',
    baseline,
    current,
    baselineSamples: baselineSamples.length,
    currentSamples: currentSamples.length,
    changePercent,
    untested,
    testable,
  };
  let decided = untested;
  if (!untested) {
    const { pValue } = mannWhitneyU(baselineSamples, currentSamples);
    result.pValue = pValue;
    result.significant = pValue < alpha;
    decided = result.significant;
  }
  if (decided && changePercent > threshold) result.verdict = 'regressed';
  else if (decided && changePercent < -threshold) result.verdict = 'improved';

  if (untested) {
    result.note = 'one sample on each side: no significance test, the threshold alone decided';
  } else if (!testable) {
    result.note = `too few samples (${baselineSamples.length} vs ${currentSamples.length}) for any difference to be significant at alpha ${alpha}`;
  }
  return result;
}

function relativeChange(baseline: number, current: number): number {
  if (baseline === current) return 0;
  if (baseline === 0) return current > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return ((current - baseline) / Math.abs(baseline)) * 100;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Pooled {
  name: string;
  unit: string;
  biggerIsBetter: boolean;
  samples: number[];
}

function pool(report: BenchmarkReport): Map<string, Pooled> {
  const pooled = new Map<string, Pooled>();
  for (const { name, unit, biggerIsBetter, samples } of report.benchmarks) {
    if (samples.length === 0) continue;
    const key = `${name}\0${unit}`;
    const known = pooled.get(key);
    if (known) known.samples.push(...samples);
    else pooled.set(key, { name, unit, biggerIsBetter, samples: [...samples] });
  }
  return pooled;
}
