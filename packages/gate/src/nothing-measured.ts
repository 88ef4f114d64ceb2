import { ConfigurationError } from '@ccm/toolkit/errors';
import type { GateResult } from './result';
import { type GateSettings, REPORT_INPUTS } from './settings';

/**
 * A gate that measured nothing is a mistake, never a pass: no report input was given (an input
 * left empty, `coverage: ''` from an unset variable, and a misspelt input name, which the runner
 * only warns about, all look alike), or what was given measures no condition.
 */
export function assertSomethingMeasured(settings: GateSettings, result: GateResult): void {
  if (result.conditions.some((c) => c.status !== 'not-measured')) return;
  if (REPORT_INPUTS.every((input) => settings.reports[input].length === 0)) {
    throw new ConfigurationError(
      `${result.name} measured nothing: no report input was given. Expected at least one of the inputs coverage, tests, security, complexity or benchmarks (with benchmark-baseline), each a list of globs, or a config file that sets them. An empty value (coverage: '' from an unset variable) counts as not given, and a misspelt input name is only a warning of the runner.`,
    );
  }
  const reasons = result.conditions.filter((c) => c.requested).map((c) => `${c.label}: ${c.detail ?? 'not measured'}`);
  throw new ConfigurationError(
    `${result.name} measured nothing: no condition could be measured from the reports given${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}.`,
  );
}
