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
import type { GateSettings, ReportInput } from './settings';

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
  const options = (input: ReportInput) => ({ root: settings.root, input });
  const attempt = async (input: ReportInput | 'base-ref', read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      data.errors[input] = errorMessage(error);
    }
  };
  const given = (input: ReportInput) => settings.reports[input].length > 0;

  if (given('coverage')) {
    await attempt('coverage', async () => {
      const { coverage, files } = await loadCoverage(settings.reports.coverage, options('coverage'));
      data.coverage = coverage;
      data.files.coverage = files;
    });
  }
  if (given('tests')) {
    await attempt('tests', async () => {
      const { report, files } = await loadTests(settings.reports.tests, options('tests'));
      data.tests = report;
      data.files.tests = files;
    });
  }
  if (given('security')) {
    await attempt('security', async () => {
      const { report, files } = await loadSecurity(settings.reports.security, options('security'));
      data.security = report;
      data.files.security = files;
    });
  }
  if (given('complexity')) {
    await attempt('complexity', async () => {
      const { report, files } = await loadComplexity(settings.reports.complexity, options('complexity'));
      data.complexity = report;
      data.files.complexity = files;
    });
  }
  for (const input of ['benchmarks', 'benchmark-baseline'] as const) {
    if (!given(input)) continue;
    await attempt(input, async () => {
      const { report, files } = await loadBenchmarks(settings.reports[input], options(input));
      if (input === 'benchmarks') data.benchmarks = report;
      else data.baseline = report;
      data.files[input] = files;
    });
  }
  const wantsDiff =
    settings.thresholds['min-diff-coverage'] !== undefined ||
    settings.components.some((c) => c.thresholds['min-diff-coverage'] !== undefined);
  if (wantsDiff && settings.baseRef && data.coverage) {
    const baseRef = settings.baseRef;
    await attempt('base-ref', async () => {
      data.changed = await changedLines(settings.root, baseRef);
    });
  }
  return data;
}
