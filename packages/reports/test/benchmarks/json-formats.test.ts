import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unitDirection } from '../../src/benchmarks/units';
import { checkBenchmarks, expectFileError, fixture, fuzzReport, load, tempFile } from '../complexity/helpers';

const readJson = (name: string): unknown => JSON.parse(readFileSync(fixture('benchmarks', name), 'utf8'));

interface PytestDocument {
  benchmarks: Array<{ fullname: string; stats: { mean: number; data?: number[] } }>;
}

describe('pytest-benchmark JSON', () => {
  it('takes the per-round times of --benchmark-json output as samples, in seconds', async () => {
    const document = readJson('pytest-benchmark.json') as PytestDocument;
    const { format, result } = await load(fixture('benchmarks', 'pytest-benchmark.json'), 'benchmarks');
    expect(format).toBe('pytest-benchmark');
    expect(result.benchmarks).toEqual(
      document.benchmarks.map((b) => ({ name: b.fullname, unit: 's', biggerIsBetter: false, samples: b.stats.data })),
    );
    expect(result.benchmarks.map((b) => [b.name, b.samples.length])).toEqual([
      ['test_speed.py::test_fib[5]', 6],
      ['test_speed.py::test_fib[12]', 6],
      ['test_speed.py::test_sorted', 5],
    ]);
  });

  it('takes the mean of a saved run without data', async () => {
    const document = readJson('pytest-benchmark-autosave.json') as PytestDocument;
    const { result } = await load(fixture('benchmarks', 'pytest-benchmark-autosave.json'), 'benchmarks');
    expect(result.benchmarks.map((b) => b.samples)).toEqual(document.benchmarks.map((b) => [b.stats.mean]));
  });

  describe('malformed input', () => {
    const withBenchmarks = (benchmarks: unknown) => JSON.stringify({ machine_info: {}, benchmarks });
    it.each([
      ['no benchmarks', withBenchmarks([]), /benchmarks array is empty/],
      ['a benchmark without stats', withBenchmarks([{ fullname: 't::a' }]), /benchmarks\[0\] \(t::a\) has no stats/],
      [
        'a mean that is not a number',
        withBenchmarks([{ fullname: 't::a', stats: { mean: '1' } }]),
        /stats\.mean is "1"/,
      ],
      [
        'data holding a string',
        withBenchmarks([{ fullname: 't::a', stats: { mean: 1, data: [1, 'x'] } }]),
        /stats\.data holds "x"/,
      ],
      ['empty data', withBenchmarks([{ fullname: 't::a', stats: { mean: 1, data: [] } }]), /non-empty array/],
      ['a negative time', withBenchmarks([{ fullname: 't::a', stats: { mean: -1 } }]), /stats\.mean is -1/],
      ['no name', withBenchmarks([{ stats: { mean: 1 } }]), /has no fullname or name/],
      [
        'truncated',
        readFileSync(fixture('benchmarks', 'pytest-benchmark.json'), 'utf8').slice(0, 500),
        /malformed JSON/,
      ],
      [
        'Google Benchmark JSON (context, not machine_info)',
        '{"context": {}, "benchmarks": []}',
        /JSON of no benchmark format/,
      ],
      [
        'a complexity report',
        readFileSync(fixture('complexity', 'radon-cc.json'), 'utf8'),
        /radon cc JSON report \(complexity\), not a benchmark report/,
      ],
    ])('%s', async (_name, content, message) => {
      await expectFileError(tempFile(content), 'benchmarks', message);
    });
  });

  it('names a value nested thousands deep without overflowing the stack (found by test/hostile)', async () => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const content = `{"machine_info":{},"benchmarks":[{"name":"b","stats":{"mean":0.1,"data":[${deep}]}}]}`;
    await expectFileError(
      tempFile(content),
      'benchmarks',
      /stats\.data holds \[…\] \(an array of 1\), expected seconds/,
    );
    const mean = `{"machine_info":{},"benchmarks":[{"name":"b","stats":{"mean":${deep}}}]}`;
    await expectFileError(tempFile(mean), 'benchmarks', /stats\.mean is \[…\]/);
  });

  it('survives mutation: FileError or a well-formed result', async () => {
    const outcome = await fuzzReport({
      kind: 'benchmarks',
      source: readFileSync(fixture('benchmarks', 'pytest-benchmark.json'), 'utf8'),
      json: true,
      numRuns: 1000,
      check: checkBenchmarks,
    });
    // Both paths taken: some mutants are refused, some still parse.
    expect(outcome.errors).toBeGreaterThan(0);
    expect(outcome.results).toBeGreaterThan(0);
  });
});

describe('github-action-benchmark custom JSON', () => {
  it("reads the README's customSmallerIsBetter example", async () => {
    const { format, result } = await load(fixture('benchmarks', 'custom-smaller-is-better.json'), 'benchmarks');
    expect(format).toBe('github-action-benchmark');
    expect(result.benchmarks).toEqual([
      {
        name: 'My Custom Smaller Is Better Benchmark - CPU Load',
        unit: 'Percent',
        biggerIsBetter: false,
        samples: [50],
      },
      {
        name: 'My Custom Smaller Is Better Benchmark - Memory Used',
        unit: 'Megabytes',
        biggerIsBetter: false,
        samples: [100],
      },
    ]);
  });

  it('pools entries repeating a name and unit, and infers the direction from the unit', async () => {
    const { result } = await load(fixture('benchmarks', 'custom-bigger-is-better.json'), 'benchmarks');
    expect(result.benchmarks).toEqual([
      { name: 'parse small document', unit: 'ops/sec', biggerIsBetter: true, samples: [10450.5, 10390.1, 10512.7] },
      { name: 'parse large document', unit: 'ops/sec', biggerIsBetter: true, samples: [95.25] },
      { name: 'parse large document', unit: 'ms', biggerIsBetter: false, samples: [10.5] },
    ]);
  });

  describe('malformed input', () => {
    it.each([
      ['an empty array', '[]', /holds no benchmark entries/],
      ['a value that is a string', '[{"name": "a", "unit": "ms", "value": "12"}]', /value "12" is not a number/],
      ['a missing unit', '[{"name": "a", "value": 12}]', /entry \[0\] \(a\) has no unit/],
      ['an empty name', '[{"name": " ", "unit": "ms", "value": 12}]', /entry \[0\] has no name/],
      ['a null value', '[{"name": "a", "unit": "ms", "value": null}]', /value null is not a number/],
      ['a list of something else', '[{"id": 1}]', /JSON of no benchmark format/],
      ['binary data', Buffer.from([0x5b, 0x7b, 0x00, 0x01]), /binary/],
      ['empty', '', /empty/],
    ])('%s', async (_name, content, message) => {
      await expectFileError(tempFile(content), 'benchmarks', message);
    });
  });

  it('survives mutation: FileError or a well-formed result', async () => {
    const outcome = await fuzzReport({
      kind: 'benchmarks',
      source: readFileSync(fixture('benchmarks', 'custom-bigger-is-better.json'), 'utf8'),
      json: true,
      numRuns: 1500,
      check: checkBenchmarks,
    });
    // Both paths taken: some mutants are refused, some still parse.
    expect(outcome.errors).toBeGreaterThan(0);
    expect(outcome.results).toBeGreaterThan(0);
  });
});

describe('unitDirection', () => {
  it.each([
    ['ops/sec', true],
    ['ops/s', true],
    ['iter/sec', true],
    ['MB/s', true],
    ['req/s', true],
    ['Hz', true],
    ['throughput', true],
    ['ns/op', false],
    ['ns/iter', false],
    ['sec/op', false],
    ['ms', false],
    ['s', false],
    ['µs', false],
    ['B/op', false],
    ['allocs/op', false],
    ['bytes', false],
    ['Megabytes', false],
    ['KiB', false],
    ['allocs', false],
  ])('%s: bigger is better = %s, known', (unit, bigger) => {
    expect(unitDirection(unit)).toEqual({ biggerIsBetter: bigger, known: true });
  });

  it.each(['Percent', '%', 'score', 'x'])('%s: unknown, smaller is better by default', (unit) => {
    expect(unitDirection(unit)).toEqual({ biggerIsBetter: false, known: false });
  });
});
