export { type AuditOptions, auditWorkflow } from './audit';
export { atLeast, type Finding, LEVELS, type Level, RULES, type RuleId, type RuleInfo } from './findings';
export { type PinLock, parsePinLock } from './lock';
export { type PinResult, pinWorkflow } from './pin';
export { toSarif } from './sarif';
export { looksLikeWorkflow, readWorkflow, type Workflow } from './workflow';
