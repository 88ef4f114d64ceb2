export { gateAnnotations } from './annotations';
export {
  type BenchmarkJudgement,
  judgeRounds,
  OUTPUT_PLACEHOLDER,
  type PairedComparison,
  renderBenchSummary,
  renderBenchTable,
  runPaired,
} from './bench-compare/index';
export { collect, type GateData } from './collect';
export { COMMENT_LIMIT, type CommentStore, commentMarker, renderComment, upsertComment } from './comment';
export { configSchema, loadConfig } from './config';
export { REMEDIATION_MINUTES, technicalDebt } from './debt';
export { changedLines, parseUnifiedDiff } from './diff';
export { evaluate } from './evaluate';
export { gateInputs, gateOutputs } from './inputs';
export { renderSummary } from './render';
export { writeReport } from './report';
export { resolveSettings } from './resolve';
export type * from './result';
export type { GateSettings } from './settings';
export { type CommentStoreFactory, GateFailedError, qualityGateStep, type StepContext } from './step';
