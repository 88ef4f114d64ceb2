import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import type { BenchmarkResult } from '../model';
import { valueText } from '../value-text';
import { unitDirection } from './units';

/**
 * github-action-benchmark's custom JSON (tools `customBiggerIsBetter` / `customSmallerIsBetter`):
 * `[{name, unit, value, range?, extra?}]`. The file does not say which way is better (that is the
 * action's tool setting), so the direction comes from the unit (see unitDirection); entries repeating a
 * name and unit are samples of one benchmark.
 */
export const customBenchmarkJson: ReportFormat<'benchmarks'> = {
  id: 'github-action-benchmark',
  label: 'github-action-benchmark custom JSON',
  kind: 'benchmarks',
  // An empty array matches too, so that it is refused below with a clear reason.
  matchJson: (document) =>
    Array.isArray(document) && document.every((entry) => isRecord(entry) && 'value' in entry && 'name' in entry),
  async parse({ file, json }) {
    if (!Array.isArray(json)) throw new FileError({ file }, 'expected a JSON array of {name, unit, value} entries');
    if (json.length === 0) throw new FileError({ file }, 'the array holds no benchmark entries');
    const results = new Map<string, BenchmarkResult>();
    json.forEach((entry, index) => {
      const where = `entry [${index}]`;
      if (!isRecord(entry)) throw new FileError({ file }, `${where} is not an object`);
      const { name, unit, value } = entry;
      if (typeof name !== 'string' || name.trim() === '') throw new FileError({ file }, `${where} has no name`);
      if (typeof unit !== 'string' || unit.trim() === '') {
        throw new FileError({ file }, `${where} (${name}) has no unit`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new FileError({ file }, `${where} (${name}): value ${valueText(value)} is not a number`);
      }
      const key = `${name}\0${unit}`;
      const known = results.get(key);
      if (known) known.samples.push(value);
      else results.set(key, { name, unit, biggerIsBetter: unitDirection(unit).biggerIsBetter, samples: [value] });
    });
    return { benchmarks: [...results.values()] };
  },
};
