import type { Annotation } from '@ccm/toolkit';
import { ranges } from './render';
import type { GateResult, ScopeResult } from './result';

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
  const whole = result.scopes[0];
  if (!whole) return [];
  const limitText = result.conditions.find((c) => c.id === 'complexity')?.threshold ?? '';
  const all = [
    ...findingAnnotations(whole),
    ...complexityAnnotations(whole, limitText),
    ...uncoveredAnnotations(whole),
  ];
  return all
    .sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.weight - b.weight)
    .slice(0, limit)
    .map(({ weight: _weight, ...annotation }) => annotation);
}

/** An annotation and its rank among those of its level: findings, then complexity, then coverage. */
type Weighted = Annotation & { weight: number };

function findingAnnotations(scope: ScopeResult): Weighted[] {
  return (scope.security?.findings ?? []).flatMap((finding) =>
    finding.file
      ? [
          {
            level: SEVERITY_LEVEL[finding.severity],
            title: `${finding.severity} ${finding.tool}: ${finding.id}`,
            message: finding.message,
            file: finding.file,
            ...(finding.line ? { line: finding.line } : {}),
            weight: 0,
          },
        ]
      : [],
  );
}

function complexityAnnotations(scope: ScopeResult, limit: string): Weighted[] {
  return (scope.complexity?.offenders ?? []).map((offender) => ({
    level: 'warning',
    title: `Complexity ${offender.complexity}`,
    message: `${offender.name} has a cyclomatic complexity of ${offender.complexity} (limit ${limit}).`,
    file: offender.file,
    ...(offender.line ? { line: offender.line } : {}),
    weight: 1,
  }));
}

/** One annotation per run of uncovered changed lines. */
function uncoveredAnnotations(scope: ScopeResult): Weighted[] {
  return (scope.diffCoverage?.uncovered ?? []).flatMap(({ path, lines }) =>
    ranges(lines)
      .split(', ')
      .map((range) => {
        const [start, end] = range.split('-').map(Number) as [number, number | undefined];
        return {
          level: 'warning' as const,
          title: 'Changed lines not covered',
          message: `Line${end ? `s ${start}-${end} are` : ` ${start} is`} changed in this pull request but not covered by any test.`,
          file: path,
          line: start,
          ...(end ? { endLine: end } : {}),
          weight: 2,
        };
      }),
  );
}
