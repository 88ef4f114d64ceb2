import { type BenchmarkReport, judgePaired, median, type PairedJudgement } from '@ccm/reports';

/** One round: the reports of the base and the head run, read from their `{output}` files. */
export interface PairedRound {
  base: BenchmarkReport;
  head: BenchmarkReport;
}

export interface BenchmarkJudgement extends PairedJudgement {
  name: string;
  unit: string;
  /** Median over the rounds of each side's per-run figure, in `unit`. */
  base: number;
  head: number;
}

export interface PairedComparison {
  benchmarks: BenchmarkJudgement[];
  /** Benchmarks found on one side only (added or removed by the change): listed, not judged. */
  onlyBase: string[];
  onlyHead: string[];
}

/**
 * Judges every benchmark present on both sides. A run's figure is the median of its samples (robust
 * to the odd slow iteration: a GC pause or a page fault moves a mean, not a median); the round's
 * ratio is head/base in cost, so for throughput units (bigger is better) it is base/head.
 */
export function judgeRounds(rounds: readonly PairedRound[], maxRegression: number): PairedComparison {
  const baseNames = namesOf(rounds.map((r) => r.base));
  const headNames = namesOf(rounds.map((r) => r.head));
  const benchmarks: BenchmarkJudgement[] = [];
  for (const name of [...headNames].filter((n) => baseNames.has(n)).sort()) {
    const base = rounds.map((r) => figureOf(r.base, name));
    const head = rounds.map((r) => figureOf(r.head, name));
    const ratios = base.map((b, i) => (b.biggerIsBetter ? b.value / head[i]!.value : head[i]!.value / b.value));
    benchmarks.push({
      name,
      unit: base[0]!.unit,
      base: median(base.map((b) => b.value)),
      head: median(head.map((h) => h.value)),
      ...judgePaired(ratios, { maxRegression }),
    });
  }
  return {
    benchmarks,
    onlyBase: [...baseNames].filter((n) => !headNames.has(n)).sort(),
    onlyHead: [...headNames].filter((n) => !baseNames.has(n)).sort(),
  };
}

/** Names present in every run of one side; a benchmark that comes and goes between runs is an error. */
function namesOf(reports: readonly BenchmarkReport[]): Set<string> {
  const first = new Set(reports[0]?.benchmarks.map((b) => b.name));
  reports.forEach((report, index) => {
    const names = new Set(report.benchmarks.map((b) => b.name));
    const differ = [...first].find((n) => !names.has(n)) ?? [...names].find((n) => !first.has(n));
    if (differ !== undefined)
      throw new Error(`benchmark ${JSON.stringify(differ)} is in some runs of one side but not in run ${index + 1}`);
  });
  return first;
}

function figureOf(report: BenchmarkReport, name: string): { value: number; unit: string; biggerIsBetter: boolean } {
  const result = report.benchmarks.find((b) => b.name === name);
  if (!result) throw new Error(`benchmark ${JSON.stringify(name)} missing from a run`);
  const value = median(result.samples);
  if (!(value > 0))
    throw new Error(`benchmark ${JSON.stringify(name)} measured ${value} ${result.unit}; cannot form a ratio`);
  return { value, unit: result.unit, biggerIsBetter: result.biggerIsBetter };
}
