import {
  type BenchmarkReport,
  type ComplexityReport,
  type LoadedCoverage,
  type LoadedFile,
  loadBenchmarks,
  loadComplexity,
  loadCoverage,
  loadSecurity,
  loadTests,
  type SecurityReport,
  type TestReport,
} from '@ccm/reports';
import { errorMessage, isConfigurationError } from '@ccm/toolkit/errors';
import { type ChangedLines, changedLines } from './diff';
import { type GateSettings, REPORT_INPUTS, type ReportInput } from './settings';

/** Everything read for one gate run; an input that could not be read holds its error instead. */
export interface GateData {
  coverage?: LoadedCoverage['coverage'];
  tests?: TestReport;
  security?: SecurityReport;
  complexity?: ComplexityReport;
  benchmarks?: BenchmarkReport;
  baseline?: BenchmarkReport;
  changed?: ChangedLines;
  files: Partial<Record<ReportInput, LoadedFile[]>>;
  /** Per input (or `base-ref`): why it could not be read. Each fails the gate. */
  errors: Partial<Record<ReportInput | 'base-ref', string>>;
}

/**
 * Reads every report input that was given. A user's mistake (a glob matching nothing, a malformed
 * report) is kept as that input's error so the summary can show all of them; a bug is thrown.
 */
export async function collect(settings: GateSettings): Promise<GateData> {
  const data: GateData = { files: {}, errors: {} };
  const attempt = async (input: ReportInput | 'base-ref', read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      data.errors[input] = errorMessage(error);
    }
  };
  for (const input of REPORT_INPUTS) {
    if (settings.reports[input].length === 0) continue;
    await attempt(input, async () => {
      const files = await LOADERS[input](settings.reports[input], { root: settings.root, input }, data);
      data.files[input] = files;
    });
  }
  const baseRef = settings.baseRef;
  if (wantsDiff(settings) && baseRef && data.coverage) {
    await attempt('base-ref', async () => {
      data.changed = await changedLines(settings.root, baseRef);
    });
  }
  return data;
}

/** Reads one input's reports into `data`; returns the files read. */
type Loader = (
  patterns: string[],
  options: { root: string; input: ReportInput },
  data: GateData,
) => Promise<LoadedFile[]>;

const LOADERS: Record<ReportInput, Loader> = {
  coverage: async (patterns, options, data) => {
    const { coverage, files } = await loadCoverage(patterns, options);
    data.coverage = coverage;
    return files;
  },
  tests: async (patterns, options, data) => {
    const { report, files } = await loadTests(patterns, options);
    data.tests = report;
    return files;
  },
  security: async (patterns, options, data) => {
    const { report, files } = await loadSecurity(patterns, options);
    data.security = report;
    return files;
  },
  complexity: async (patterns, options, data) => {
    const { report, files } = await loadComplexity(patterns, options);
    data.complexity = report;
    return files;
  },
  benchmarks: async (patterns, options, data) => {
    const { report, files } = await loadBenchmarks(patterns, options);
    data.benchmarks = report;
    return files;
  },
  'benchmark-baseline': async (patterns, options, data) => {
    const { report, files } = await loadBenchmarks(patterns, options);
    data.baseline = report;
    return files;
  },
};

/** Changed lines are read only when some scope has a diff-coverage threshold. */
function wantsDiff(settings: GateSettings): boolean {
  return (
    settings.thresholds['min-diff-coverage'] !== undefined ||
    settings.components.some((c) => c.thresholds['min-diff-coverage'] !== undefined)
  );
}
