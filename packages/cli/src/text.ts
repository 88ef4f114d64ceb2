import type { GateResult } from '@ccm/gate';

const MARK = { passed: 'pass', failed: 'FAIL', 'not-measured': '-', error: 'UNREADABLE' } as const;

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
  const reasons = result.conditions
    .filter((c) => c.detail && (c.status === 'failed' || c.status === 'error'))
    .map((c) => `  - ${c.label}${multiScope ? ` (${c.scope})` : ''}: ${c.detail}`);
  return [
    `${result.name}: ${result.passed ? 'PASSED' : 'FAILED'}`,
    '',
    line(header),
    ...rows.map(line),
    ...(reasons.length > 0 ? ['', 'why:', ...reasons] : []),
  ].join('\n');
}
