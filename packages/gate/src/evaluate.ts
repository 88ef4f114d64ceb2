import {
  type CoverageMap,
  compareBenchmarks,
  fileTotals,
  SEVERITIES,
  type SecurityFinding,
  type Severity,
  type TestCaseResult,
} from '@ccm/reports';
import { percent } from '@ccm/toolkit';
import type { GateData } from './collect';
import { technicalDebt } from './debt';
import type {
  ComplexitySummary,
  Condition,
  CoverageSummary,
  DiffCoverageSummary,
  GateResult,
  ScopeResult,
  SecuritySummary,
  TestsSummary,
} from './result';
import type { GateSettings, ReportInput, Thresholds } from './settings';

const LEAST_COVERED_ROWS = 10;
const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

interface Scope {
  name: string;
  /** Path prefix; undefined for the whole repository. */
  path?: string;
  thresholds: Thresholds;
}

/** Turns what was read into conditions and a verdict. Pure: no I/O, so tests and the CLI share it. */
export function evaluate(settings: GateSettings, data: GateData): GateResult {
  const conditions: Condition[] = [];
  const scopes: ScopeResult[] = [];
  const all: Scope = { name: 'all', thresholds: settings.thresholds };
  for (const scope of [all, ...settings.components]) {
    const result = evaluateScope(scope, settings, data, conditions);
    scopes.push(result);
  }
  const tests = data.tests ? summariseTests(data.tests.cases) : undefined;
  conditions.push(testsCondition(settings, data, tests));
  const benchmarks =
    data.benchmarks && data.baseline
      ? compareBenchmarks(data.baseline, data.benchmarks, {
          maxRegressionPercent: settings.thresholds['max-regression'],
        })
      : undefined;
  conditions.push(benchmarkCondition(settings, data, benchmarks));

  const result: GateResult = {
    name: settings.name,
    passed: conditions.every((c) => c.status === 'passed' || c.status === 'not-measured'),
    conditions,
    scopes,
    files: data.files,
  };
  if (tests) result.tests = tests;
  if (benchmarks) result.benchmarks = benchmarks;
  return result;
}

/** One scope being judged: what every condition of it reads, and the result it fills in. */
interface ScopeRun {
  scope: Scope;
  settings: GateSettings;
  data: GateData;
  result: ScopeResult;
  thresholds: Thresholds;
  /** The fields every condition of the scope shares. */
  base: { scope: string };
  inScope: (path: string | undefined) => boolean;
}

/** The scope's conditions, in the order the summary shows them. */
function evaluateScope(scope: Scope, settings: GateSettings, data: GateData, conditions: Condition[]): ScopeResult {
  const result: ScopeResult = { scope: scope.name };
  if (scope.path) result.path = scope.path;
  const run: ScopeRun = {
    scope,
    settings,
    data,
    result,
    thresholds: scope.thresholds,
    base: { scope: scope.name },
    inScope: (path) => scope.path === undefined || (path !== undefined && path.startsWith(scope.path)),
  };
  conditions.push(coverageCondition(run));
  const diff = diffCoverageCondition(run);
  if (diff) conditions.push(diff);
  conditions.push(complexityCondition(run), securityCondition(run), debtCondition(run));
  return result;
}

/** Line coverage. */
function coverageCondition({ scope, settings, data, result, thresholds: t, base, inScope }: ScopeRun): Condition {
  if (data.coverage) result.coverage = summariseCoverage(data.coverage, inScope);
  return measured(
    settings,
    data,
    'coverage',
    { ...base, id: 'coverage', label: 'Line coverage', threshold: `≥ ${t['min-coverage']}%` },
    () => {
      const { percent: value, covered, total } = result.coverage as CoverageSummary;
      if (value === undefined)
        return {
          status: 'failed',
          actualText: 'no executable lines',
          detail: `no covered source under ${scope.path ?? 'the root'}`,
        };
      return {
        status: round2(value) >= t['min-coverage'] ? 'passed' : 'failed',
        actual: round2(value),
        actualText: `${percent(value)} (${covered}/${total})`,
      };
    },
  );
}

/** Coverage of the changed lines: only when a threshold is set. */
function diffCoverageCondition({ settings, data, result, thresholds, base, inScope }: ScopeRun): Condition | undefined {
  const minDiff = thresholds['min-diff-coverage'];
  if (minDiff === undefined) return undefined;
  const condition = {
    ...base,
    id: 'diff-coverage' as const,
    label: 'Coverage of changed lines',
    threshold: `≥ ${minDiff}%`,
  };
  if (data.errors['base-ref'])
    return { ...condition, status: 'error', actualText: 'unreadable', detail: data.errors['base-ref'] };
  if (!settings.baseRef)
    return {
      ...condition,
      status: 'not-measured',
      actualText: '–',
      detail: 'no base-ref to diff against (not a pull request): set base-ref, e.g. origin/main',
      requested: true,
    };
  if (settings.reports.coverage.length === 0 && !settings.required.includes('coverage'))
    return {
      ...condition,
      status: 'not-measured',
      actualText: '–',
      detail: 'min-diff-coverage is set but no coverage input was given',
      requested: true,
    };
  return measured(settings, data, 'coverage', condition, () => {
    const diff = diffCoverage(data.coverage as CoverageMap, data.changed ?? new Map(), inScope);
    result.diffCoverage = diff;
    if (diff.percent === undefined) return { status: 'passed', actualText: 'no changed executable lines' };
    return {
      status: round2(diff.percent) >= minDiff ? 'passed' : 'failed',
      actual: round2(diff.percent),
      actualText: `${percent(diff.percent)} (${diff.covered}/${diff.total})`,
    };
  });
}

/** Complexity per function. */
function complexityCondition({ settings, data, result, thresholds: t, base, inScope }: ScopeRun): Condition {
  if (data.complexity)
    result.complexity = summariseComplexity(
      data.complexity.functions.filter((f) => inScope(f.file)),
      t['max-complexity'],
    );
  return measured(
    settings,
    data,
    'complexity',
    { ...base, id: 'complexity', label: 'Cyclomatic complexity per function', threshold: `≤ ${t['max-complexity']}` },
    () => {
      const { max, offenders, functions } = result.complexity as ComplexitySummary;
      return {
        status: offenders.length === 0 ? 'passed' : 'failed',
        ...(max === undefined ? {} : { actual: max }),
        actualText: max === undefined ? 'no functions' : `max ${max}; ${offenders.length} of ${functions} over`,
      };
    },
  );
}

/** Security findings at or above the configured severity. */
function securityCondition({ scope, settings, data, result, thresholds: t, base, inScope }: ScopeRun): Condition {
  if (data.security)
    result.security = summariseSecurity(
      data.security.findings.filter((f) => scope.path === undefined || inScope(f.file)),
    );
  const failOn = t['fail-on-severity'];
  return measured(
    settings,
    data,
    'security',
    {
      ...base,
      id: 'security',
      label: 'Security findings',
      threshold: failOn === 'none' ? 'not enforced' : `no ${failOn} or worse`,
    },
    () => {
      const { findings, bySeverity } = result.security as SecuritySummary;
      const blocking = failOn === 'none' ? [] : findings.filter((f) => effectiveRank(f, t) >= SEVERITY_RANK[failOn]);
      return {
        status: blocking.length === 0 ? 'passed' : 'failed',
        actual: blocking.length,
        actualText: severityCounts(bySeverity),
        ...(blocking.length > 0 ? { detail: `${blocking.length} at or above ${failOn}` } : {}),
      };
    },
  );
}

/** Technical-debt ratio: needs lines of code (from coverage) and at least one source of findings. */
function debtCondition({ data, result, thresholds: t, base }: ScopeRun): Condition {
  const condition = {
    ...base,
    id: 'debt-ratio' as const,
    label: 'Technical-debt ratio',
    threshold: `≤ ${t['max-debt-ratio']}%`,
  };
  const debtError = data.errors.coverage ?? data.errors.security ?? data.errors.complexity;
  if (debtError) return { ...condition, status: 'error', actualText: 'unreadable', detail: debtError };
  if (!result.coverage || (!result.security && !result.complexity)) {
    return {
      ...condition,
      status: 'not-measured',
      actualText: '–',
      detail: 'needs coverage (lines of code) and security or complexity reports',
    };
  }
  return debtVerdict(condition, result as ScopeResult & { coverage: CoverageSummary }, t);
}

function debtVerdict(
  condition: Omit<Condition, 'status' | 'actualText'>,
  result: ScopeResult & { coverage: CoverageSummary },
  t: Thresholds,
): Condition {
  const debt = technicalDebt(
    result.security?.findings ?? [],
    result.complexity?.offenders ?? [],
    t['max-complexity'],
    result.coverage.total,
  );
  result.debt = debt;
  return {
    ...condition,
    status: debt.ratio === undefined || round2(debt.ratio) <= t['max-debt-ratio'] ? 'passed' : 'failed',
    ...(debt.ratio === undefined ? {} : { actual: round2(debt.ratio) }),
    actualText: `${percent(debt.ratio)} (${debt.remediationMinutes} min / ${debt.linesOfCode} lines)`,
  };
}

type Outcome = Pick<Condition, 'status' | 'actualText'> & Partial<Pick<Condition, 'actual' | 'detail'>>;

/** A condition on one input: its error if unreadable, not measured (or failed, if required) when not given. */
function measured(
  settings: GateSettings,
  data: GateData,
  input: ReportInput,
  condition: Omit<Condition, 'status' | 'actualText'>,
  measure: () => Outcome,
): Condition {
  const error = data.errors[input];
  if (error) return { ...condition, status: 'error', actualText: 'unreadable', detail: error };
  if (settings.reports[input].length === 0) {
    return settings.required.includes(input)
      ? {
          ...condition,
          status: 'failed',
          actualText: 'missing',
          detail: `input ${input} is required by the config but was not given`,
        }
      : { ...condition, status: 'not-measured', actualText: '–', detail: `input ${input} not given` };
  }
  return { ...condition, ...measure() };
}

function testsCondition(settings: GateSettings, data: GateData, tests: TestsSummary | undefined): Condition {
  return measured(
    settings,
    data,
    'tests',
    { id: 'tests', scope: 'all', label: 'Tests', threshold: 'no failures' },
    () => {
      const t = tests as TestsSummary;
      if (t.total === 0)
        return { status: 'failed', actual: 0, actualText: 'no test cases', detail: 'the reports hold no test case' };
      const bad = t.failed + t.errors;
      return {
        status: bad === 0 ? 'passed' : 'failed',
        actual: bad,
        actualText: `${t.passed} passed, ${t.failed} failed, ${t.errors} errors, ${t.skipped} skipped`,
      };
    },
  );
}

function benchmarkCondition(settings: GateSettings, data: GateData, rows: GateResult['benchmarks']): Condition {
  const max = settings.thresholds['max-regression'];
  const condition = {
    id: 'benchmarks' as const,
    scope: 'all',
    label: 'Benchmark regression',
    threshold: `≤ ${max}% slower`,
  };
  const error = data.errors['benchmark-baseline'];
  if (error && !data.errors.benchmarks)
    return { ...condition, status: 'error', actualText: 'unreadable', detail: error };
  return measured(settings, data, 'benchmarks', condition, () => {
    if (!rows)
      return {
        status: 'not-measured',
        actualText: '–',
        detail: 'no benchmark-baseline to compare with',
        requested: true,
      };
    const regressed = rows.filter((r) => r.verdict === 'regressed');
    // Slower beyond the threshold, but with too few samples for any test to tell: say so, never pass it quietly.
    const unproven = rows.filter((r) => !r.testable && !r.untested && (r.changePercent ?? 0) > max);
    const worst = Math.max(0, ...rows.map((r) => r.changePercent ?? 0));
    const detail = [
      ...(regressed.length > 0 ? [regressed.map((r) => r.name).join(', ')] : []),
      ...(unproven.length > 0
        ? [
            `${unproven.map((r) => r.name).join(', ')}: more than ${max}% slower, but too few samples to test (run at least 4 on each side)`,
          ]
        : []),
    ].join('; ');
    return {
      status: regressed.length === 0 ? 'passed' : 'failed',
      actual: round2(worst),
      actualText: `${regressed.length} of ${rows.length} regressed; worst ${worst.toFixed(2)}%`,
      ...(detail ? { detail } : {}),
    };
  });
}

export function summariseCoverage(coverage: CoverageMap, inScope: (path: string) => boolean): CoverageSummary {
  const rows = [];
  let covered = 0;
  let total = 0;
  for (const file of coverage) {
    if (!inScope(file.path)) continue;
    const counts = fileTotals(file);
    covered += counts.covered;
    total += counts.total;
    if (counts.total > 0) rows.push({ path: file.path, ...counts, percent: (counts.covered / counts.total) * 100 });
  }
  rows.sort((a, b) => a.percent - b.percent || b.total - a.total || a.path.localeCompare(b.path));
  return {
    covered,
    total,
    percent: total === 0 ? undefined : (covered / total) * 100,
    files: rows.length,
    leastCovered: rows.slice(0, LEAST_COVERED_ROWS),
  };
}

/** Changed lines that are executable, and those covered; non-executable changes do not count. */
export function diffCoverage(
  coverage: CoverageMap,
  changed: Map<string, Set<number>>,
  inScope: (path: string) => boolean,
): DiffCoverageSummary {
  let covered = 0;
  let total = 0;
  const uncovered: DiffCoverageSummary['uncovered'] = [];
  for (const [path, lines] of changed) {
    if (!inScope(path)) continue;
    const file = coverage.get(path);
    if (!file) continue;
    const missed: number[] = [];
    for (const line of [...lines].sort((a, b) => a - b)) {
      if (!file.lines.has(line)) continue;
      total++;
      if (file.coveredLines.has(line)) covered++;
      else missed.push(line);
    }
    if (missed.length > 0) uncovered.push({ path, lines: missed });
  }
  return { covered, total, percent: total === 0 ? undefined : (covered / total) * 100, uncovered };
}

function summariseTests(cases: readonly TestCaseResult[]): TestsSummary {
  const count = (outcome: string) => cases.filter((c) => c.outcome === outcome).length;
  return {
    total: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    skipped: count('skipped'),
    failures: cases.filter((c) => c.outcome === 'failed' || c.outcome === 'error'),
  };
}

function summariseComplexity(functions: ComplexitySummary['offenders'], maxComplexity: number): ComplexitySummary {
  const offenders = functions
    .filter((f) => f.complexity > maxComplexity)
    .sort((a, b) => b.complexity - a.complexity || a.file.localeCompare(b.file));
  const max = functions.length === 0 ? undefined : Math.max(...functions.map((f) => f.complexity));
  return { functions: functions.length, max, offenders };
}

function summariseSecurity(findings: SecurityFinding[]): SecuritySummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) bySeverity[finding.severity]++;
  const sorted = [...findings].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id),
  );
  return { bySeverity, findings: sorted };
}

/** A finding's rank for the verdict: unknown severities take the configured `unknown-severity`. */
function effectiveRank(finding: SecurityFinding, thresholds: Thresholds): number {
  return finding.severity === 'unknown'
    ? SEVERITY_RANK[thresholds['unknown-severity']]
    : SEVERITY_RANK[finding.severity];
}

export function severityCounts(bySeverity: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => bySeverity[s] > 0).map((s) => `${bySeverity[s]} ${s}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** Verdicts compare what is shown: 84.999% shows as 85.00% and passes a threshold of 85. */
function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
