/**
 * Paired A/B statistics for benchmarks run in the base and the head tree alternately (ABBA).
 * All the runs of one side of an unpaired comparison share one moment of the machine, so drift
 * between moments (CPU frequency, neighbours) reads as a change. Here each round runs base and head
 * back to back and the change is the ratio within the round, so the round's speed cancels.
 *
 * The judgement works on the log of each round's ratio head/base (logs make a 10% slowdown and the
 * matching speed-up symmetric): the estimate is the Hodges-Lehmann estimator (median of the Walsh
 * averages) and its interval the exact distribution-free confidence interval that inverts the
 * Wilcoxon signed-rank test. No resampling, so the result is the same on every run, without a seed.
 */

import { median } from './compare';

/** The four answers: only `regressed` fails a gate. */
export type PairedVerdict = 'regressed' | 'improved' | 'unchanged' | 'unresolved';

export interface PairedOptions {
  /** The largest slowdown accepted, as a fraction (0.05 for 5%). */
  maxRegression: number;
  /** Two-sided confidence of the interval; default 0.95. */
  confidence?: number;
}

export interface PairedJudgement {
  verdict: PairedVerdict;
  /** Estimated head/base time ratio (>1: head slower). */
  ratio: number;
  low: number;
  high: number;
  rounds: number;
  /** Exact two-sided p-value of the Wilcoxon signed-rank test of "no change" (ratio 1). */
  pValue: number;
  /** Round-to-round spread: the standard deviation of the log-ratios (≈ relative spread of the ratio). */
  spread: number;
  /**
   * When the interval is wider than the band allows a verdict (straddles an edge): the rounds that
   * would make its half-width a third of the limit at this spread; absent when the verdict is resolved.
   */
  roundsNeeded?: number;
}

/** The fewest rounds with which a 95% signed-rank interval exists (2^-5 > 0.025 for five). */
export const MIN_ROUNDS = 6;

/**
 * Judges one benchmark from its per-round ratios head/base.
 * Band: unchanged within [1/(1+limit), 1+limit]; the lower edge is the reciprocal so that "as much
 * faster as the limit is slower" is symmetric on the log scale.
 */
export function judgePaired(ratios: readonly number[], options: PairedOptions): PairedJudgement {
  const confidence = options.confidence ?? 0.95;
  for (const r of ratios) {
    if (!(Number.isFinite(r) && r > 0)) throw new RangeError(`a round's ratio is ${r}; expected a positive number`);
  }
  const logs = ratios.map(Math.log);
  const n = logs.length;
  const { low, high, estimate } = signedRankInterval(logs, confidence);
  const upper = 1 + options.maxRegression;
  const lower = 1 / upper;
  const judgement: PairedJudgement = {
    verdict: 'unresolved',
    ratio: Math.exp(estimate),
    low: Math.exp(low),
    high: Math.exp(high),
    rounds: n,
    pValue: signedRankPValue(logs),
    spread: standardDeviation(logs),
  };
  if (judgement.low > upper) judgement.verdict = 'regressed';
  else if (judgement.high < lower) judgement.verdict = 'improved';
  else if (judgement.low >= lower && judgement.high <= upper) judgement.verdict = 'unchanged';
  else judgement.roundsNeeded = roundsToResolve(judgement.spread, Math.log(upper), n);
  return judgement;
}

/**
 * Rounds after which the interval's half-width (≈ 2·spread/√n for a 95% interval) is a third of
 * the limit, so an estimate at most two thirds of the way to an edge is resolved. A guide, not a promise.
 */
export function roundsToResolve(spread: number, logLimit: number, current: number): number {
  const needed = Math.ceil(((2 * spread) / (logLimit / 3)) ** 2);
  return Math.max(MIN_ROUNDS, current + 1, needed);
}

/**
 * Hodges-Lehmann estimate and the exact signed-rank confidence interval: the k-th smallest and
 * k-th largest Walsh average, k the largest count with P(W+ < k) ≤ (1 - confidence)/2
 * (n = 10 at 95%: k = 9, the textbook critical value 8 plus one).
 * With fewer rounds than that allows, the interval is unbounded (no verdict but unresolved).
 */
export function signedRankInterval(
  values: readonly number[],
  confidence = 0.95,
): { estimate: number; low: number; high: number } {
  const n = values.length;
  if (n === 0) throw new RangeError('no rounds to judge');
  const walsh: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh.push((values[i]! + values[j]!) / 2);
  walsh.sort((a, b) => a - b);
  const estimate = median(walsh);
  const counts = signedRankCounts(n);
  const total = 2 ** n;
  const tail = (1 - confidence) / 2;
  let cumulative = 0;
  // k: how many values of W+ (0..k-1) fit in one tail; the interval then keeps the Walsh averages
  // from the k-th smallest to the k-th largest (a shift outside it gives W+ or W- below k).
  let k = 0;
  while (k < counts.length && (cumulative + counts[k]!) / total <= tail) cumulative += counts[k++]!;
  if (k === 0) return { estimate, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  return { estimate, low: walsh[k - 1]!, high: walsh[walsh.length - k]! };
}

/**
 * Exact two-sided p-value of the Wilcoxon signed-rank test (zeros dropped, as scipy's default
 * `zero_method='wilcox'`; tied magnitudes get their average rank, and the exact null distribution
 * is then only approximate, as in every exact implementation).
 */
export function signedRankPValue(values: readonly number[]): number {
  const nonZero = values.filter((v) => v !== 0);
  const n = nonZero.length;
  if (n === 0) return 1;
  const ranks = averageRanks(nonZero.map(Math.abs));
  const plus = nonZero.reduce((sum, v, i) => (v > 0 ? sum + ranks[i]! : sum), 0);
  const statistic = Math.min(plus, (n * (n + 1)) / 2 - plus);
  const counts = signedRankCounts(n);
  let below = 0;
  for (let s = 0; s <= Math.floor(statistic + 1e-9); s++) below += counts[s]!;
  return Math.min(1, (2 * below) / 2 ** n);
}

/** counts[s]: how many of the 2^n sign assignments of ranks 1..n give W+ = s. */
export function signedRankCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    for (let s = max; s >= rank; s--) counts[s]! += counts[s - rank]!;
  }
  return counts;
}

function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    for (let i = start; i <= end; i++) ranks[order[i]![1]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}
