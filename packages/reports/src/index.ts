export { type BenchmarkComparison, type BenchmarkVerdict, compareBenchmarks, median } from './benchmarks/compare';
export {
  judgePaired,
  MIN_ROUNDS,
  type PairedJudgement,
  type PairedVerdict,
  signedRankInterval,
  signedRankPValue,
} from './benchmarks/paired';
export { unitDirection } from './benchmarks/units';
export { CoverageMap, type CoverageTotals, type FileCoverage, fileTotals } from './coverage/coverage-map';
export { LineSet } from './coverage/line-set';
export { detectFormat } from './detect';
export type { ReportFormat } from './format';
export * from './load';
export * from './model';
export { normaliseSourcePath } from './paths';
export { FORMATS, KIND_LABELS } from './registry';
