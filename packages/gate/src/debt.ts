import type { FunctionComplexity, SecurityFinding, Severity } from '@ccm/reports';

/**
 * Minutes to remediate each kind of finding, in the spirit of SonarQube's remediation functions.
 * Documented in the action's README ("Technical debt"); change both together.
 */
export const REMEDIATION_MINUTES = {
  security: { critical: 240, high: 120, medium: 60, low: 30, unknown: 60 } satisfies Record<Severity, number>,
  /** A function over the complexity limit: a fixed cost to split it, plus a minute per point over. */
  complexityBase: 10,
  complexityPerPoint: 1,
} as const;

/** SonarQube's development cost of one line of code. */
export const MINUTES_PER_LINE = 30;

export interface DebtMeasure {
  remediationMinutes: number;
  linesOfCode: number;
  /** Percent; undefined when there are no lines to relate the debt to. */
  ratio: number | undefined;
}

export function technicalDebt(
  findings: readonly SecurityFinding[],
  offenders: readonly FunctionComplexity[],
  maxComplexity: number,
  linesOfCode: number,
): DebtMeasure {
  let minutes = 0;
  for (const finding of findings) minutes += REMEDIATION_MINUTES.security[finding.severity];
  for (const offender of offenders) {
    minutes +=
      REMEDIATION_MINUTES.complexityBase +
      (offender.complexity - maxComplexity) * REMEDIATION_MINUTES.complexityPerPoint;
  }
  return {
    remediationMinutes: minutes,
    linesOfCode,
    ratio: linesOfCode === 0 ? undefined : (minutes / (linesOfCode * MINUTES_PER_LINE)) * 100,
  };
}
