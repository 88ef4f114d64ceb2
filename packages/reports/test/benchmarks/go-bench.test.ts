import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConformance, describeWith, tool } from '../../../../test/support/requirements';
import { median } from '../../src/benchmarks/compare';
import {
  checkBenchmarks,
  expectFileError,
  fixture,
  fuzzReport,
  load,
  sharedFixtures,
  tempFile,
} from '../complexity/helpers';

const gotestDir = sharedFixtures('gotest');

/**
 * An independent reading of go test -bench text, for the conformance checks: split each line that
 * starts with "Benchmark" on white space and pair the fields after the iteration count.
 */
function countByHand(text: string): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('Benchmark')) continue;
    const [name, , ...pairs] = line.trim().split(/\s+/);
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const key = `${name} ${pairs[i + 1]}`;
      found.set(key, [...(found.get(key) ?? []), Number(pairs[i])]);
    }
  }
  return found;
}

describe('go test -bench output', () => {
  describeConformance('gotest', 'conformance with benchstat crc outputs', () => {
    it.each(['benchstat-crc-old.txt', 'benchstat-crc-new.txt'])(
      '%s: every (name, unit) with its samples',
      async (name) => {
        const file = join(gotestDir, name);
        const expected = countByHand(readFileSync(file, 'utf8'));
        const { format, result } = await load(file, 'benchmarks');
        expect(format).toBe('go-bench');
        // 36 benchmarks x (ns/op, MB/s), 10 runs each (-count 10).
        expect(expected.size).toBe(72);
        expect(result.benchmarks).toHaveLength(72);
        for (const b of result.benchmarks) {
          // The -8 suffix is on every line, so it is dropped; the package prefixes the name.
          expect(b.name.startsWith('hash/crc32.BenchmarkCRC32/')).toBe(true);
          const raw = `${b.name.slice('hash/crc32.'.length)}-8 ${b.unit}`;
          expect(b.samples).toEqual(expected.get(raw));
          expect(b.samples).toHaveLength(10);
          expect(b.biggerIsBetter).toBe(b.unit === 'MB/s');
        }
      },
    );

    it('gives the medians benchstat prints', async () => {
      const { result } = await load(join(gotestDir, 'benchstat-crc-old.txt'), 'benchmarks');
      const get = (name: string, unit: string) =>
        result.benchmarks.find((b) => b.name === `hash/crc32.BenchmarkCRC32/${name}` && b.unit === unit);
      // crcOldNew.stdout: "CRC32/poly=IEEE/size=15/align=0-8  46.55n ± 9%", "... 307.3Mi ± 8%".
      expect(median(get('poly=IEEE/size=15/align=0', 'ns/op')?.samples ?? [])).toBeCloseTo(46.55, 5);
      expect(median(get('poly=Koopman/size=32kB/align=1', 'ns/op')?.samples ?? [])).toBeCloseTo(70030, -1);
      expect((median(get('poly=IEEE/size=15/align=0', 'MB/s')?.samples ?? []) * 1e6) / 2 ** 20).toBeCloseTo(307.3, 1);
    });
  });

  it('keeps the GOMAXPROCS suffix when a run used several -cpu values', async () => {
    const { result } = await load(fixture('benchmarks', 'go-bench-cpu.txt'), 'benchmarks');
    const names = [...new Set(result.benchmarks.map((b) => b.name))].sort();
    expect(names).toEqual(
      [
        'BenchmarkJoin',
        'BenchmarkJoin-2',
        'BenchmarkSort/size=10',
        'BenchmarkSort/size=10-2',
        'BenchmarkSort/size=100',
        'BenchmarkSort/size=100-2',
        'BenchmarkThroughput',
        'BenchmarkThroughput-2',
      ].map((n) => `example.com/benchdemo.${n}`),
    );
    for (const b of result.benchmarks) expect(b.samples).toHaveLength(2);
  });

  it('reads custom metrics and the direction of each unit', async () => {
    const { result } = await load(fixture('benchmarks', 'go-bench.txt'), 'benchmarks');
    const units = (name: string) =>
      result.benchmarks
        .filter((b) => b.name === `example.com/benchdemo.${name}`)
        .map((b) => [b.unit, b.biggerIsBetter, b.samples.length]);
    expect(units('BenchmarkJoin')).toEqual([['ns/op', false, 5]]);
    expect(units('BenchmarkSort/size=100')).toEqual([
      ['ns/op', false, 5],
      ['B/op', false, 5],
      ['allocs/op', false, 5],
    ]);
    expect(units('BenchmarkThroughput')).toEqual([
      ['ns/op', false, 5],
      ['MB/s', true, 5],
      ['hits/op', false, 5],
    ]);
  });

  it('names results without a pkg line by the benchmark name alone', async () => {
    const { result } = await load(
      tempFile('BenchmarkX-4   100   12.5 ns/op\nBenchmarkX-4   100   13.5 ns/op\n'),
      'benchmarks',
    );
    expect(result.benchmarks).toEqual([
      { name: 'BenchmarkX', unit: 'ns/op', biggerIsBetter: false, samples: [12.5, 13.5] },
    ]);
  });

  it('ignores log and failure lines that carry no result', async () => {
    const text = [
      'goos: linux',
      'BenchmarkLogs-2',
      '    demo_test.go:12: some log',
      'BenchmarkLogs-2   \t     100\t        43.97 ns/op',
      'BenchmarkBroken-2   \t--- FAIL: BenchmarkBroken-2',
      'Benchmarking is fun',
      'FAIL',
    ].join('\n');
    const { result } = await load(tempFile(text), 'benchmarks');
    expect(result.benchmarks.map((b) => b.name)).toEqual(['BenchmarkLogs']);
  });

  describeWith(tool('/usr/bin/go'), 'against go test itself', () => {
    it('parses what go test -bench writes for a tiny module', async () => {
      const work = mkdtempSync(join(tmpdir(), 'ccm-gobench-'));
      const module = join(work, 'benchdemo');
      mkdirSync(module);
      for (const name of ['go.mod', 'demo_test.go'])
        copyFileSync(fixture('benchmarks', `go-bench-demo/${name}`), join(module, name));
      const output = execFileSync(
        '/usr/bin/go',
        ['test', '-run', '^$', '-bench', '.', '-benchtime=100x', '-count=5', '.'],
        {
          cwd: module,
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: join(work, 'home'),
            GOCACHE: join(work, 'cache'),
            GOPATH: join(work, 'gopath'),
            GOFLAGS: '-mod=mod',
            GOPROXY: 'off',
            GOTOOLCHAIN: 'local',
          },
        },
      );
      const expected = countByHand(output);
      const { result } = await load(tempFile(output), 'benchmarks');
      expect(result.benchmarks).toHaveLength(expected.size);
      // Join: ns/op; two Sort sizes: ns/op, B/op, allocs/op; Throughput: ns/op, MB/s, hits/op.
      expect(result.benchmarks).toHaveLength(10);
      for (const b of result.benchmarks) {
        expect(b.name.startsWith('example.com/benchdemo.Benchmark')).toBe(true);
        expect(b.samples).toHaveLength(5);
      }
    });
  });

  describe('malformed input', () => {
    it.each([
      [
        'an odd number of value/unit fields',
        'goos: linux\nBenchmarkA-2  100  12 ns/op  7\n',
        /:2: malformed benchmark result line/,
      ],
      [
        'a value that is not a number',
        'BenchmarkA-2  100  12 ns/op\nBenchmarkA-2  100  x12 ns/op\n',
        /:2: benchmark BenchmarkA-2: 'x12 ns\/op'/,
      ],
      ['zero iterations', 'BenchmarkA-2  100  12 ns/op\nBenchmarkA-2  0  12 ns/op\n', /:2: malformed/],
      [
        'an infinite value',
        'BenchmarkA-2  100  12 ns/op\nBenchmarkA-2  100  1e999 ns/op\n',
        /:2: benchmark BenchmarkA-2/,
      ],
      [
        'no result lines',
        'goos: linux\ngoarch: amd64\nPASS\nok  \tx\t0.1s\n',
        /no benchmark format|no benchmark result/,
      ],
      [
        'go test output of tests only',
        '=== RUN   TestA\n--- PASS: TestA (0.00s)\nPASS\n',
        /text of no benchmark format/,
      ],
    ])('%s', async (_name, content, message) => {
      await expectFileError(tempFile(content), 'benchmarks', message);
    });
  });

  it('survives mutation: FileError or a well-formed result', async () => {
    const outcome = await fuzzReport({
      kind: 'benchmarks',
      source: readFileSync(fixture('benchmarks', 'go-bench.txt'), 'utf8'),
      numRuns: 2000,
      check: checkBenchmarks,
    });
    // Both paths taken: some mutants are refused, some still parse.
    expect(outcome.errors).toBeGreaterThan(0);
    expect(outcome.results).toBeGreaterThan(0);
  });
});
