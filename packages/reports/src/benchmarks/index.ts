import type { ReportFormat } from '../format';

export const benchmarksFormats: ReportFormat<'benchmarks'>[] = [];
