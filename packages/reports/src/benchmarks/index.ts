import type { ReportFormat } from '../format';
import { customBenchmarkJson } from './custom-json';
import { goBench } from './go-bench';
import { pytestBenchmark } from './pytest-benchmark';

export const benchmarksFormats: ReportFormat<'benchmarks'>[] = [pytestBenchmark, customBenchmarkJson, goBench];
