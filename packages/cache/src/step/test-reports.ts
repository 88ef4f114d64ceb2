import { relative } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit';

/**
 * Refuses to record a suite whose result files report a failed test. The workflow decides when the
 * record step runs; this is the guard that keeps a red run from ever becoming a skip.
 */
export async function refuseFailedResults(files: readonly string[], root: string, suite: string): Promise<void> {
  if (files.length === 0) return;
  // Loaded on demand: the report parsers are only needed when a record carries result files.
  const { detectFormat, loadTests } = await import('@ccm/reports');
  for (const file of files) {
    try {
      await detectFormat(file, 'tests');
    } catch {
      continue; // coverage and other results: nothing to check
    }
    const { report } = await loadTests([file], { root, input: 'results' });
    const failed = report.cases.filter((c) => c.outcome === 'failed' || c.outcome === 'error');
    if (failed.length > 0) {
      throw new ConfigurationError(
        `suite ${suite}: ${relative(root, file)} reports ${failed.length} failed test(s) (${failed
          .slice(0, 3)
          .map((c) => c.name)
          .join(', ')}): a failing run is never recorded`,
      );
    }
  }
}
