import type { SecurityFinding } from '@ccm/reports';
import { code, details, escapeCell, percent, pieChart, table } from '@ccm/toolkit';
import { REMEDIATION_MINUTES } from './debt';
import { severityCounts } from './evaluate';
import type { Condition, GateResult, ScopeResult } from './result';

const STATUS_ICON: Record<Condition['status'], string> = {
  passed: '✅ pass',
  failed: '❌ fail',
  'not-measured': '➖ not measured',
  error: '⛔ unreadable',
};

const ROWS = { offenders: 20, findings: 30, failures: 30 };

/** The verdict line and the table of every condition: what a reader must always see. */
export function renderHeader(result: GateResult): string {
  const failed = result.conditions.filter((c) => c.status === 'failed' || c.status === 'error').length;
  const title = result.passed
    ? `✅ ${result.name} passed`
    : `❌ ${result.name} failed (${failed} of ${result.conditions.filter((c) => c.status !== 'not-measured').length} conditions)`;
  const multiScope = result.scopes.length > 1;
  const rows = result.conditions.map((c) => [
    ...(multiScope ? [escapeCell(c.scope)] : []),
    escapeCell(c.label),
    escapeCell(c.threshold),
    escapeCell(c.actualText),
    STATUS_ICON[c.status],
  ]);
  const headers = [...(multiScope ? ['Scope'] : []), 'Condition', 'Threshold', 'Actual', 'Verdict'];
  // Reasons for failures, and notes on passed conditions (a passing verdict with a caveat).
  const problems = result.conditions
    .filter((c) => c.detail && (c.status !== 'not-measured' || c.requested))
    .map(
      (c) =>
        `- ${c.status === 'passed' ? 'ℹ️' : c.status === 'not-measured' ? '➖' : '❗'} **${escapeCell(c.label)}**${multiScope ? ` (${escapeCell(c.scope)})` : ''}: ${escapeCell(c.detail as string)}`,
    );
  // What a parser had to choose while reading a report (lcov DA against LF/LH).
  const warnings = Object.values(result.files)
    .flatMap((files) => (files ?? []).flatMap((f) => f.warnings ?? []))
    .map((w) => `- ⚠️ ${escapeCell(w)}`);
  const notes = [...problems, ...warnings];
  return [`## ${title}`, table(headers, rows), ...(notes.length > 0 ? [notes.join('\n')] : [])].join('\n\n');
}

/** The detail sections, in the order they matter; a comment keeps as many as fit. */
export function renderSections(result: GateResult): string[] {
  const sections: string[] = [];
  for (const scope of result.scopes) sections.push(...scopeSections(scope, result.scopes.length > 1));
  if (result.tests && result.tests.failures.length > 0) {
    const rows = result.tests.failures
      .slice(0, ROWS.failures)
      .map((f) => [escapeCell(f.suite), escapeCell(f.name), escapeCell(firstLine(f.message ?? ''))]);
    sections.push(
      `### Failed tests\n\n${table(['Suite', 'Test', 'Message'], rows)}${more(result.tests.failures.length, ROWS.failures)}`,
    );
  }
  if (result.benchmarks && result.benchmarks.length > 0) {
    const rows = result.benchmarks.map((b) => [
      escapeCell(b.name),
      escapeCell(b.unit),
      b.baseline === undefined ? '–' : formatNumber(b.baseline),
      b.current === undefined ? '–' : formatNumber(b.current),
      b.changePercent === undefined ? '–' : `${b.changePercent > 0 ? '+' : ''}${b.changePercent.toFixed(2)}%`,
      b.pValue === undefined ? '–' : b.pValue.toFixed(3),
      `${b.verdict}${b.note ? ` (${escapeCell(b.note)})` : ''}`,
    ]);
    sections.push(
      `### Benchmarks\n\nChange: positive is worse.\n\n${table(['Benchmark', 'Unit', 'Baseline', 'Current', 'Change', 'p', 'Verdict'], rows, ['left', 'left', 'right', 'right', 'right', 'right', 'left'])}`,
    );
  }
  const files = Object.entries(result.files).flatMap(([input, list]) =>
    (list ?? []).map((f) => [code(input), code(f.file), f.format]),
  );
  if (files.length > 0)
    sections.push(details(`Reports read (${files.length})`, table(['Input', 'File', 'Format'], files)));
  return sections;
}

function scopeSections(scope: ScopeResult, multiScope: boolean): string[] {
  const prefix = multiScope ? `${scope.scope === 'all' ? 'All' : escapeCell(scope.scope)}: ` : '';
  return SCOPE_SECTIONS.flatMap((section) => section(scope, prefix) ?? []);
}

type ScopeSection = (scope: ScopeResult, prefix: string) => string | undefined;

function securitySection(scope: ScopeResult, prefix: string): string | undefined {
  if (!scope.security || scope.security.findings.length === 0) return undefined;
  const { bySeverity, findings } = scope.security;
  const rows = findings
    .slice(0, ROWS.findings)
    .map((f) => [f.severity, escapeCell(f.tool), escapeCell(f.id), findingPlace(f), escapeCell(firstLine(f.message))]);
  const chart = pieChart(
    'Findings by severity',
    Object.entries(bySeverity).map(([label, value]) => ({ label, value })),
  );
  return `### ${prefix}Security findings: ${severityCounts(bySeverity)}\n\n${chart}\n\n${table(['Severity', 'Tool', 'Id', 'Where', 'Message'], rows)}${more(findings.length, ROWS.findings)}`;
}

/** Where a finding is: its file and line, else its package and version. */
function findingPlace(f: SecurityFinding): string {
  if (f.file) return code(`${f.file}${f.line ? `:${f.line}` : ''}`);
  if (f.package) return code(`${f.package}@${f.version ?? '?'}`);
  return '–';
}

function complexitySection(scope: ScopeResult, prefix: string): string | undefined {
  if (!scope.complexity || scope.complexity.offenders.length === 0) return undefined;
  const rows = scope.complexity.offenders
    .slice(0, ROWS.offenders)
    .map((f) => [code(`${f.file}${f.line ? `:${f.line}` : ''}`), escapeCell(f.name), String(f.complexity)]);
  return `### ${prefix}Complexity offenders\n\n${table(['Where', 'Function', 'Complexity'], rows, ['left', 'left', 'right'])}${more(scope.complexity.offenders.length, ROWS.offenders)}`;
}

function uncoveredSection(scope: ScopeResult, prefix: string): string | undefined {
  if (!scope.diffCoverage || scope.diffCoverage.uncovered.length === 0) return undefined;
  const rows = scope.diffCoverage.uncovered.map((u) => [code(u.path), escapeCell(ranges(u.lines))]);
  return `### ${prefix}Changed lines not covered\n\n${table(['File', 'Lines'], rows)}`;
}

function leastCoveredSection(scope: ScopeResult, prefix: string): string | undefined {
  if (!scope.coverage || scope.coverage.leastCovered.length === 0) return undefined;
  const rows = scope.coverage.leastCovered.map((f) => [code(f.path), percent(f.percent), `${f.covered}/${f.total}`]);
  return `### ${prefix}Least-covered files (${scope.coverage.files} files, ${percent(scope.coverage.percent)})\n\n${table(['File', 'Coverage', 'Lines'], rows, ['left', 'right', 'right'])}`;
}

function debtSection(scope: ScopeResult, prefix: string): string | undefined {
  if (!scope.debt) return undefined;
  const { remediationMinutes, linesOfCode, ratio } = scope.debt;
  return details(
    `${prefix}Technical debt: ${percent(ratio)}`,
    `${remediationMinutes} remediation minutes / (${linesOfCode} lines x 30 minutes). Minutes per finding: security ${Object.entries(
      REMEDIATION_MINUTES.security,
    )
      .map(([s, m]) => `${s} ${m}`)
      .join(
        ', ',
      )}; a complex function ${REMEDIATION_MINUTES.complexityBase} + ${REMEDIATION_MINUTES.complexityPerPoint} per point over the limit.`,
  );
}

/** A scope's detail sections, in the order they matter. */
const SCOPE_SECTIONS: readonly ScopeSection[] = [
  securitySection,
  complexitySection,
  uncoveredSection,
  leastCoveredSection,
  debtSection,
];

/** The whole job summary. */
export function renderSummary(result: GateResult): string {
  return [renderHeader(result), ...renderSections(result)].join('\n\n');
}

/** `3-5, 9, 12-13` */
export function ranges(lines: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && (lines[j + 1] as number) === (lines[j] as number) + 1) j++;
    parts.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function more(total: number, shown: number): string {
  return total > shown ? `\n\n…and ${total - shown} more (see the JSON report).` : '';
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}
