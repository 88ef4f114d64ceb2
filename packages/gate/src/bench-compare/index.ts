export { type BenchmarkJudgement, judgeRounds, type PairedComparison, type PairedRound } from './judge';
export { renderBenchSummary, renderBenchTable } from './render';
export { OUTPUT_PLACEHOLDER, type PairedRunOptions, runPaired } from './runner';
