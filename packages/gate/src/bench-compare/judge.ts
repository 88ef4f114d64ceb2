import { type BenchmarkReport, type BenchmarkResult, judgePaired, median, type PairedJudgement } from '@ccm/reports';
import { ConfigurationError } from '@ccm/toolkit/errors';

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
  const baseRuns = rounds.map((r) => labelled(r.base));
  const headRuns = rounds.map((r) => labelled(r.head));
  const baseNames = namesOf(baseRuns);
  const headNames = namesOf(headRuns);
  const benchmarks: BenchmarkJudgement[] = [];
  for (const name of [...headNames].filter((n) => baseNames.has(n)).sort()) {
    const base = baseRuns.map((run) => figureOf(run, name));
    const head = headRuns.map((run) => figureOf(run, name));
    // A count that stays at zero on both sides (allocs/op of an allocation-free loop) has no ratio and no change.
    if ([...base, ...head].every((f) => f.value === 0)) continue;
    const ratios = base.map((b, i) => {
      const [cost, reference] = b.biggerIsBetter ? [b.value, head[i]!.value] : [head[i]!.value, b.value];
      if (!(cost > 0 && reference > 0))
        throw new ConfigurationError(
          `benchmark ${JSON.stringify(name)} measured 0 in round ${i + 1}; cannot form a ratio`,
        );
      return cost / reference;
    });
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

/**
 * A run's results by the name they are shown under: the benchmark's name, with its unit beside it when
 * the benchmark reports several (Go's -benchmem gives ns/op, B/op and allocs/op under one name).
 */
function labelled(report: BenchmarkReport): Map<string, BenchmarkResult> {
  const units = new Map<string, number>();
  for (const b of report.benchmarks) units.set(b.name, (units.get(b.name) ?? 0) + 1);
  return new Map(report.benchmarks.map((b) => [(units.get(b.name) ?? 0) > 1 ? `${b.name} (${b.unit})` : b.name, b]));
}

/** Names present in every run of one side; a benchmark that comes and goes between runs is an error. */
function namesOf(runs: readonly Map<string, BenchmarkResult>[]): Set<string> {
  const first = new Set(runs[0]?.keys());
  runs.forEach((run, index) => {
    const differ = [...first].find((n) => !run.has(n)) ?? [...run.keys()].find((n) => !first.has(n));
    if (differ !== undefined)
      throw new ConfigurationError(
        `benchmark ${JSON.stringify(differ)} is in some runs of one side but not in run ${index + 1}`,
      );
  });
  return first;
}

function figureOf(
  run: Map<string, BenchmarkResult>,
  name: string,
): { value: number; unit: string; biggerIsBetter: boolean } {
  const result = run.get(name) as BenchmarkResult;
  return { value: median(result.samples), unit: result.unit, biggerIsBetter: result.biggerIsBetter };
}
