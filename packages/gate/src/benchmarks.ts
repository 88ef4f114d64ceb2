import type { BenchmarkReport } from '@ccm/reports';
import type { BenchmarkRow } from './result';

/** Placeholder wiring until the comparison in @ccm/reports lands; replaced below. */
export function compareBenchmarkReports(
  _baseline: BenchmarkReport,
  _current: BenchmarkReport,
  _maxRegression: number,
): BenchmarkRow[] {
  throw new Error('benchmark comparison not wired yet');
}
