import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

export interface MannWhitneyResult {
  /** U of the first sample: the number of (x, y) pairs with x > y, ties counting one half. */
  u: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * Two-sided Mann–Whitney U test by the normal approximation, with the tie correction of the variance
 * and a continuity correction of 1/2: the same computation as scipy.stats.mannwhitneyu(x, y,
 * method='asymptotic'), its default use_continuity=True.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('the Mann-Whitney U test needs two non-empty samples');
  const pooled = [...x.map((value) => ({ value, first: true })), ...y.map((value) => ({ value, first: false }))];
  pooled.sort((a, b) => a.value - b.value);
  const n = n1 + n2;
  let rankSumX = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    // A run of equal values shares the average of the ranks it spans.
    let end = start + 1;
    while (end < n && pooled[end]!.value === pooled[start]!.value) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (pooled[i]!.first) rankSumX += averageRank;
    const ties = end - start;
    tieTerm += ties ** 3 - ties;
    start = end;
  }
  const u = rankSumX - (n1 * (n1 + 1)) / 2;
  return { u, pValue: twoSidedP(u, n1, n2, tieTerm) };
}

/**
 * The smallest two-sided p-value the test can give for these sample sizes (complete separation, no
 * ties). When it is not below alpha, no data can make the difference significant: the cases benchstat
 * flags "need >= 4 samples to detect a difference at alpha level 0.05".
 */
export function smallestPValue(n1: number, n2: number): number {
  return twoSidedP(n1 * n2, n1, n2, 0);
}

function twoSidedP(u: number, n1: number, n2: number, tieTerm: number): number {
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - (n > 1 ? tieTerm / (n * (n - 1)) : 0));
  // Every value equal: nothing differs.
  if (!(variance > 0)) return 1;
  const z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  if (z <= 0) return 1;
  return Math.min(1, 2 * normalCdf(-z, 0, 1));
}
