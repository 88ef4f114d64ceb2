import type { GateSettings, ReportInput } from '../src/settings';

/**
 * Settings as resolveSettings gives them for the declared defaults, with no report given;
 * a test names only what it changes.
 */
export function gateSettings(
  overrides: Partial<Omit<GateSettings, 'reports'>> & { reports?: Partial<Record<ReportInput, string[]>> } = {},
): GateSettings {
  const { reports, ...rest } = overrides;
  return {
    name: 'gate',
    root: '/repo',
    thresholds: {
      'min-coverage': 85,
      'min-diff-coverage': undefined,
      'max-complexity': 10,
      'max-debt-ratio': 3,
      'fail-on-severity': 'high',
      'unknown-severity': 'high',
      'max-regression': 5,
    },
    components: [],
    required: [],
    ...rest,
    reports: {
      coverage: [],
      tests: [],
      security: [],
      complexity: [],
      benchmarks: [],
      'benchmark-baseline': [],
      ...reports,
    },
  };
}
