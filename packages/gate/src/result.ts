import type {
  BenchmarkComparison,
  FunctionComplexity,
  LoadedFile,
  SecurityFinding,
  Severity,
  TestCaseResult,
} from '@ccm/reports';

export type ConditionId =
  | 'coverage'
  | 'diff-coverage'
  | 'tests'
  | 'complexity'
  | 'debt-ratio'
  | 'security'
  | 'benchmarks';

/** not-measured: its input was left empty. error: its input could not be read (fails the gate). */
export type ConditionStatus = 'passed' | 'failed' | 'not-measured' | 'error';

export interface Condition {
  id: ConditionId;
  /** `all`, or a component's name. */
  scope: string;
  label: string;
  /** As shown to people (`>= 85%`, `no high or critical`). */
  threshold: string;
  /** The measured number behind the verdict, when there is one. */
  actual?: number;
  /** As shown to people (`84.17%`, `2 failed of 120`). */
  actualText: string;
  status: ConditionStatus;
  /** Why: what failed, what was not measured, what could not be read. */
  detail?: string;
  /**
   * Not measured although a setting asked for it (a diff-coverage threshold on a push with no base,
   * benchmarks with no baseline): its detail is shown with the verdict, not only in the JSON.
   */
  requested?: true;
}

export interface FileCoverageRow {
  path: string;
  covered: number;
  total: number;
  percent: number;
}

export interface CoverageSummary {
  covered: number;
  total: number;
  percent: number | undefined;
  files: number;
  /** The least-covered files, worst first. */
  leastCovered: FileCoverageRow[];
}

export interface DiffCoverageSummary {
  covered: number;
  total: number;
  percent: number | undefined;
  /** Changed executable lines no report covers, per file, ascending. */
  uncovered: { path: string; lines: number[] }[];
}

export interface TestsSummary {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  failures: TestCaseResult[];
}

export interface SecuritySummary {
  bySeverity: Record<Severity, number>;
  /** Most severe first. */
  findings: SecurityFinding[];
}

export interface ComplexitySummary {
  functions: number;
  max: number | undefined;
  /** Over the limit, most complex first. */
  offenders: FunctionComplexity[];
}

/** One benchmark against its baseline; see compareBenchmarks in @ccm/reports. */
export type BenchmarkRow = BenchmarkComparison;

export interface ScopeResult {
  scope: string;
  path?: string;
  coverage?: CoverageSummary;
  diffCoverage?: DiffCoverageSummary;
  complexity?: ComplexitySummary;
  security?: SecuritySummary;
  debt?: { remediationMinutes: number; linesOfCode: number; ratio: number | undefined };
}

export interface GateResult {
  name: string;
  passed: boolean;
  conditions: Condition[];
  /** `all` first, then one per component. */
  scopes: ScopeResult[];
  tests?: TestsSummary;
  benchmarks?: BenchmarkRow[];
  files: Partial<Record<string, LoadedFile[]>>;
}
