/**
 * The normalised model every parser produces. Paths are repository-relative with `/` separators
 * once normalised (see paths.ts); parsers emit them as the report writes them.
 */

/** The kinds of report the gate reads; each input of the action takes one kind. */
export type ReportKind = 'coverage' | 'tests' | 'security' | 'complexity' | 'benchmarks';

// ---------------------------------------------------------------- coverage

/**
 * What one report says about one source file. Parsers emit one record per file section; the same
 * file may appear several times (several reports, or one report listing it twice) and is merged.
 */
export interface FileCoverageRecord {
  path: string;
  /** Executable lines and their hit counts (0 = not covered). */
  lines?: Iterable<readonly [line: number, hits: number]>;
  /**
   * Statement blocks, for formats whose unit is the statement rather than the line (Go cover profiles).
   * The key identifies the block within the file, so the same block from two reports merges.
   */
  blocks?: Iterable<CoverageBlock>;
  /** Totals only, for formats that carry no per-line data (Istanbul coverage-summary.json). */
  summary?: { covered: number; total: number };
}

export interface CoverageBlock {
  key: string;
  startLine: number;
  endLine: number;
  statements: number;
  hits: number;
}

/** Receives records as a parser streams through a file; memory stays bounded by what the sink keeps. */
export type CoverageSink = (record: FileCoverageRecord) => void;

// ---------------------------------------------------------------- tests

export type TestOutcome = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestCaseResult {
  suite: string;
  name: string;
  outcome: TestOutcome;
  durationSeconds?: number;
  message?: string;
  file?: string;
  line?: number;
}

export interface TestReport {
  /** Every test case; failed and errored ones carry their message. */
  cases: TestCaseResult[];
}

// ---------------------------------------------------------------- security

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

export interface SecurityFinding {
  /** The tool that reported it (`CodeQL`, `Trivy`, `npm audit`, ...). */
  tool: string;
  /** Rule or advisory id (`js/sql-injection`, `CVE-2021-44228`, `GHSA-...`, `B105`). */
  id: string;
  severity: Severity;
  message: string;
  /** Source location, for code scanners. */
  file?: string;
  line?: number;
  /** Affected package, for dependency scanners. */
  package?: string;
  version?: string;
  fixedVersions?: string[];
}

export interface SecurityReport {
  findings: SecurityFinding[];
}

// ---------------------------------------------------------------- complexity

export interface FunctionComplexity {
  file: string;
  /** Qualified where the tool qualifies it (`Class.method`). */
  name: string;
  line?: number;
  complexity: number;
}

export interface ComplexityReport {
  functions: FunctionComplexity[];
}

// ---------------------------------------------------------------- benchmarks

export interface BenchmarkResult {
  name: string;
  unit: string;
  /** true for throughput-like units (ops/s, MB/s); false for time, memory, allocations. */
  biggerIsBetter: boolean;
  /** One value per run; several when the tool repeats runs (Go -count, pytest-benchmark rounds). */
  samples: number[];
}

export interface BenchmarkReport {
  benchmarks: BenchmarkResult[];
}
