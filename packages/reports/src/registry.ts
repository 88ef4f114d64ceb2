import { benchmarksFormats } from './benchmarks/index';
import { complexityFormats } from './complexity/index';
import { coverageFormats } from './coverage/index';
import type { ReportFormat } from './format';
import type { ReportKind } from './model';
import { securityFormats } from './security/index';
import { testsFormats } from './tests/index';

/** Every format we read, by the kind of report it is. A format may serve two kinds (JaCoCo). */
export const FORMATS: { readonly [K in ReportKind]: readonly ReportFormat<K>[] } = {
  coverage: coverageFormats,
  tests: testsFormats,
  security: securityFormats,
  complexity: complexityFormats,
  benchmarks: benchmarksFormats,
};

export const KIND_LABELS: Record<ReportKind, string> = {
  coverage: 'coverage',
  tests: 'test results',
  security: 'security',
  complexity: 'complexity',
  benchmarks: 'benchmark',
};
