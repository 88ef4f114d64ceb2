import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import type { BenchmarkResult } from '../model';
import { valueText } from '../value-text';

/**
 * pytest-benchmark JSON (`--benchmark-json`, or the files `--benchmark-autosave` keeps in .benchmarks/):
 * `{machine_info, commit_info, benchmarks: [{name, fullname, stats: {mean, median, rounds, data?}}], ...}`.
 * Times are seconds per iteration. The samples are the per-round times in `stats.data`
 * (always in --benchmark-json output, in saved runs only with --benchmark-save-data),
 * else the mean alone. Benchmarks are named by `fullname` (`tests/test_x.py::test_y[param]`),
 * which, unlike `name`, is unique across test modules.
 */
export const pytestBenchmark: ReportFormat<'benchmarks'> = {
  id: 'pytest-benchmark',
  label: 'pytest-benchmark JSON',
  kind: 'benchmarks',
  matchJson: (document) => isRecord(document) && Array.isArray(document.benchmarks) && isRecord(document.machine_info),
  async parse({ file, json }) {
    if (!isRecord(json) || !Array.isArray(json.benchmarks)) {
      throw new FileError({ file }, 'not a pytest-benchmark JSON document (no benchmarks array)');
    }
    if (json.benchmarks.length === 0) throw new FileError({ file }, 'the benchmarks array is empty');
    const byName = new Map<string, BenchmarkResult>();
    json.benchmarks.forEach((entry, index) => {
      const where = `benchmarks[${index}]`;
      if (!isRecord(entry)) throw new FileError({ file }, `${where} is not an object`);
      const name = nonEmptyString(entry.fullname) ?? nonEmptyString(entry.name);
      if (name === undefined) throw new FileError({ file }, `${where} has no fullname or name`);
      const stats = entry.stats;
      if (!isRecord(stats)) throw new FileError({ file }, `${where} (${name}) has no stats object`);
      const samples = samplesOf(stats, (reason) => new FileError({ file }, `${where} (${name}): ${reason}`));
      const known = byName.get(name);
      if (known) known.samples.push(...samples);
      else byName.set(name, { name, unit: 's', biggerIsBetter: false, samples });
    });
    return { benchmarks: [...byName.values()] };
  },
};

function samplesOf(stats: Record<string, unknown>, fail: (reason: string) => FileError): number[] {
  const mean = stats.mean;
  if (!isTime(mean)) throw fail(`stats.mean is ${valueText(mean)}, expected seconds`);
  const data = stats.data;
  if (data === undefined || data === null) return [mean];
  if (!Array.isArray(data) || data.length === 0) throw fail('stats.data is not a non-empty array of seconds');
  const samples: number[] = [];
  for (const value of data) {
    if (!isTime(value)) throw fail(`stats.data holds ${valueText(value)}, expected seconds`);
    samples.push(value);
  }
  return samples;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
