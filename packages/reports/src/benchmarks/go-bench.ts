import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import type { BenchmarkResult } from '../model';
import { forEachLine } from '../source';
import { unitDirection } from './units';

/**
 * `go test -bench` text output, as the Go benchmark data format specifies it
 * (golang.org/design/14313-benchmark-format): `key: value` configuration lines (`pkg:` names the
 * package of the results that follow) and result lines `BenchmarkName-8  1000  1234 ns/op  56 B/op`.
 * Every other line (PASS, ok, test logs) is ignored, as the format says.
 *
 * One result per (package, name, unit); `-count N` repetitions become its samples.
 * Names are `pkg.BenchmarkName` when a `pkg:` line precedes them. The `-N` GOMAXPROCS suffix is
 * dropped when every result line in the file carries the same one, so a baseline from an 8-core
 * runner matches a run on a 4-core one; runs with several `-cpu` values keep it to stay distinct.
 */
export const goBench: ReportFormat<'benchmarks'> = {
  id: 'go-bench',
  label: 'go test -bench output',
  kind: 'benchmarks',
  // A result line, or the goos/goarch header go test prints before the first benchmark (with -v,
  // test logs may push the results past the head).
  matchText: (head) => RESULT_HEAD.test(head) || (/^goos: \S/m.test(head) && /^goarch: \S/m.test(head)),
  async parse({ file }) {
    let pkg = '';
    const results = new Map<string, { pkg: string; name: string; unit: string; samples: number[] }>();
    const suffixes = new Set<string>();
    let resultLines = 0;

    await forEachLine(file, (text, lineNumber) => {
      if (!text.startsWith('Benchmark')) {
        pkg = configuredPackage(text) ?? pkg;
        return;
      }
      const line = readResultLine(text, file, lineNumber);
      if (!line) return;
      resultLines++;
      const suffix = /-(\d+)$/.exec(line.name);
      suffixes.add(suffix ? (suffix[1] as string) : '');
      for (const { value, unit } of line.measurements) {
        const key = `${pkg}\0${line.name}\0${unit}`;
        let result = results.get(key);
        if (!result) {
          result = { pkg, name: line.name, unit, samples: [] };
          results.set(key, result);
        }
        result.samples.push(value);
      }
    });

    if (resultLines === 0) throw new FileError({ file }, 'no benchmark result lines (BenchmarkName  N  value unit)');
    const [onlySuffix] = suffixes;
    const strip = suffixes.size === 1 && onlySuffix !== '';
    const benchmarks: BenchmarkResult[] = [];
    for (const { pkg: resultPkg, name, unit, samples } of results.values()) {
      const bare = strip ? name.slice(0, name.lastIndexOf('-')) : name;
      benchmarks.push({
        name: resultPkg === '' ? bare : `${resultPkg}.${bare}`,
        unit,
        biggerIsBetter: unitDirection(unit).biggerIsBetter,
        samples,
      });
    }
    return { benchmarks };
  },
};

/** The package a `pkg: <path>` configuration line names; undefined for any other line. */
function configuredPackage(text: string): string | undefined {
  const config = CONFIG_LINE.exec(text);
  return config?.[1] === 'pkg' ? (config[2] ?? '').trim() : undefined;
}

/**
 * A result line: the benchmark's name and its value/unit pairs. Undefined for a line that starts with
 * "Benchmark" but is not a result: "BenchmarkFoo-8" alone is the header go test prints before a
 * benchmark's log output, and "BenchmarkFoo-8  --- FAIL" a failure.
 */
function readResultLine(
  text: string,
  file: string,
  lineNumber: number,
): { name: string; measurements: { value: number; unit: string }[] } | undefined {
  const fields = text.trim().split(/\s+/);
  const name = fields[0] as string;
  if (!NAME.test(name) || fields.length < 2 || !/^\d+$/.test(fields[1] as string)) return undefined;
  const iterations = Number(fields[1]);
  const pairs = fields.slice(2);
  if (iterations < 1 || pairs.length === 0 || pairs.length % 2 !== 0) {
    throw new FileError({ file, line: lineNumber }, `malformed benchmark result line '${text.slice(0, 120)}'`);
  }
  const measurements: { value: number; unit: string }[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const value = Number(pairs[i]);
    const unit = pairs[i + 1] as string;
    if (!Number.isFinite(value) || !/^[+-]?(\d|\.\d)/.test(pairs[i] as string)) {
      throw new FileError(
        { file, line: lineNumber },
        `benchmark ${name}: '${pairs[i]} ${unit}' is not a number and unit`,
      );
    }
    measurements.push({ value, unit });
  }
  return { name, measurements };
}

// The format: a name is "Benchmark" followed by an upper-case letter (or nothing), then non-space.
const NAME = /^Benchmark(?:$|[^\p{Ll}])/u;
const RESULT_HEAD = /^Benchmark(?:[^\p{Ll}\s]\S*)?[ \t]+\d+[ \t]+[\d.][\d.eE+-]*[ \t]+\S/mu;
const CONFIG_LINE = /^([\p{Ll}][^\s:\p{Lu}]*):(?:\s(.*))?$/u;
