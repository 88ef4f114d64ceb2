import type { Annotation } from '@ccm/toolkit';
import { ranges } from './render';
import type { GateResult } from './result';

const SEVERITY_LEVEL = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  unknown: 'warning',
} as const;
const LEVEL_RANK = { error: 0, warning: 1, notice: 2 } as const;

/**
 * Annotations where a file and line are known: security findings, complexity offenders and uncovered
 * changed lines, most severe first, at most `limit` (GitHub shows only the first few per step anyway).
 */
export function gateAnnotations(result: GateResult, limit: number): Annotation[] {
  const all: (Annotation & { weight: number })[] = [];
  const whole = result.scopes[0];
  if (!whole) return [];
  for (const finding of whole.security?.findings ?? []) {
    if (!finding.file) continue;
    all.push({
      level: SEVERITY_LEVEL[finding.severity],
      title: `${finding.severity} ${finding.tool}: ${finding.id}`,
      message: finding.message,
      file: finding.file,
      ...(finding.line ? { line: finding.line } : {}),
      weight: 0,
    });
  }
  for (const offender of whole.complexity?.offenders ?? []) {
    all.push({
      level: 'warning',
      title: `Complexity ${offender.complexity}`,
      message: `${offender.name} has a cyclomatic complexity of ${offender.complexity} (limit ${result.conditions.find((c) => c.id === 'complexity')?.threshold ?? ''}).`,
      file: offender.file,
      ...(offender.line ? { line: offender.line } : {}),
      weight: 1,
    });
  }
  for (const { path, lines } of whole.diffCoverage?.uncovered ?? []) {
    for (const range of ranges(lines).split(', ')) {
      const [start, end] = range.split('-').map(Number) as [number, number | undefined];
      all.push({
        level: 'warning',
        title: 'Changed lines not covered',
        message: `Line${end ? `s ${start}-${end} are` : ` ${start} is`} changed in this pull request but not covered by any test.`,
        file: path,
        line: start,
        ...(end ? { endLine: end } : {}),
        weight: 2,
      });
    }
  }
  return all
    .sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.weight - b.weight)
    .slice(0, limit)
    .map(({ weight: _weight, ...annotation }) => annotation);
}
