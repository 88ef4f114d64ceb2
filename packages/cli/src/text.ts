import type { Condition, GateResult, ScopeResult } from '@ccm/gate';

const MARK = { passed: 'pass', failed: 'FAIL', 'not-measured': 'not measured', error: 'UNREADABLE' } as const;

/** How many failed tests, or offenders of a condition, the text names before it only counts them. */
const NAMED = 10;

/** The verdict as plain text for a terminal: one aligned row per condition, then the reasons. */
export function verdictText(result: GateResult): string {
  const multiScope = result.scopes.length > 1;
  const rows = result.conditions.map((c) => [
    ...(multiScope ? [c.scope] : []),
    c.label,
    c.threshold,
    c.actualText,
    MARK[c.status],
  ]);
  const header = [...(multiScope ? ['scope'] : []), 'condition', 'threshold', 'actual', 'verdict'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const named = (c: Condition) => `${c.label}${multiScope ? ` (${c.scope})` : ''}`;
  const reasons = result.conditions
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => `  - ${named(c)}: ${reason(c, result)}`);
  const unmeasured = result.conditions
    .filter((c) => c.status === 'not-measured' && c.requested)
    .map((c) => `  - ${named(c)}: ${c.detail ?? 'not measured'}`);
  const warnings = Object.values(result.files).flatMap((files) => (files ?? []).flatMap((f) => f.warnings ?? []));
  return [
    `${result.name}: ${result.passed ? 'PASSED' : 'FAILED'}`,
    '',
    line(header),
    ...rows.map(line),
    ...section('why:', reasons),
    ...section('asked for, not measured:', unmeasured),
    ...section(`failed tests (${result.tests?.failures.length ?? 0}):`, failedTests(result)),
    ...section(
      'warnings:',
      warnings.map((w) => `  - ${w}`),
    ),
  ].join('\n');
}

function section(title: string, lines: string[]): string[] {
  return lines.length > 0 ? ['', title, ...lines] : [];
}

/** Why a condition failed: its detail, else what it measured against what it needs, and who is over. */
function reason(c: Condition, result: GateResult): string {
  const base = c.detail ?? `${c.actualText}, needs ${c.threshold}`;
  const scope = result.scopes.find((s) => s.scope === c.scope);
  const who = c.status === 'failed' && scope ? offenders(c, scope) : undefined;
  return who ? `${base}; ${who}` : base;
}

/** The names behind a failed condition, when its scope lists them. */
function offenders(c: Condition, scope: ScopeResult): string | undefined {
  switch (c.id) {
    case 'complexity': {
      const list = scope.complexity?.offenders ?? [];
      return counted(
        list.map((f) => `${f.name} (${f.file}${f.line ? `:${f.line}` : ''}) ${f.complexity}`),
        'over the limit',
      );
    }
    case 'diff-coverage': {
      const list = scope.diffCoverage?.uncovered ?? [];
      return counted(
        list.map((u) => `${u.path} lines ${u.lines.join(', ')}`),
        'changed lines not covered',
      );
    }
    case 'coverage': {
      const list = scope.coverage?.leastCovered ?? [];
      return counted(
        list.slice(0, 3).map((f) => `${f.path} ${f.percent.toFixed(2)}%`),
        'least covered',
      );
    }
    default:
      return undefined;
  }
}

function counted(items: string[], what: string): string | undefined {
  if (items.length === 0) return undefined;
  const more = items.length > NAMED ? `, and ${items.length - NAMED} more` : '';
  return `${what}: ${items.slice(0, NAMED).join(', ')}${more}`;
}

/** Failed and errored tests by name, the first NAMED, then how many more. */
function failedTests(result: GateResult): string[] {
  const failures = result.tests?.failures ?? [];
  const lines = failures.slice(0, NAMED).map((f) => {
    const message = (f.message ?? '').split('\n', 1)[0]?.slice(0, 160) ?? '';
    return `  - ${f.suite ? `${f.suite} > ` : ''}${f.name}${f.outcome === 'error' ? ' (error)' : ''}${message ? `: ${message}` : ''}`;
  });
  if (failures.length > NAMED) lines.push(`  …and ${failures.length - NAMED} more (see the JSON report)`);
  return lines;
}
