import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWith, tool } from '../../../../test/support/requirements';
import { checkComplexity, expectFileError, fixture, fuzzReport, load, tempFile } from './helpers';

const sorted = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

// What radon_sample.py holds, by radon's rules (1 + one per decision point).
const EXPECTED = [
  { name: 'Keeper.keep', line: 51, complexity: 1 },
  { name: 'Keeper.keep.helper', line: 52, complexity: 2 },
  { name: 'Shape.area', line: 6, complexity: 1 },
  { name: 'Shape.describe', line: 9, complexity: 2 },
  { name: 'branchy', line: 27, complexity: 13 },
  { name: 'outer', line: 19, complexity: 2 },
  { name: 'outer.inner', line: 20, complexity: 2 },
  { name: 'simple', line: 1, complexity: 1 },
];

describe('radon cc -j', () => {
  it('reads functions, methods once each, and closures; skips classes', async () => {
    const { format, result } = await load(fixture('complexity', 'radon-cc.json'), 'complexity');
    expect(format).toBe('radon-cc');
    expect(sorted(result.functions)).toEqual(
      sorted(EXPECTED.map((f) => ({ file: 'radon_sample.py', ...f }))).map((f) => expect.objectContaining(f)),
    );
    expect(result.functions).toHaveLength(EXPECTED.length);
  });

  it('counts each function once under --show-closures, and reads the nested class it adds', async () => {
    const { result } = await load(fixture('complexity', 'radon-cc-show-closures.json'), 'complexity');
    const names = result.functions.map((f) => f.name).sort();
    expect(names).toEqual([...EXPECTED.map((f) => f.name), 'Shape.Inner.deep'].sort());
  });

  it('refuses a report in which radon could not parse a source file, naming it', async () => {
    await expectFileError(fixture('complexity', 'radon-cc-error.json'), 'complexity', /could not analyse broken\.py/);
  });

  describeWith(tool('/usr/bin/radon'), 'against radon itself', () => {
    it('parses what radon writes for a tiny module', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccm-radon-'));
      copyFileSync(fixture('complexity', 'radon_sample.py'), join(dir, 'mod.py'));
      const output = execFileSync('/usr/bin/radon', ['cc', '-j', 'mod.py'], { cwd: dir, encoding: 'utf8' });
      const { result } = await load(tempFile(output, 'radon.json'), 'complexity');
      expect(sorted(result.functions)).toEqual(sorted(EXPECTED.map((f) => ({ file: 'mod.py', ...f }))));
      expect(result.functions.filter((f) => f.complexity > 10).map((f) => f.name)).toEqual(['branchy']);
    });
  });

  describe('malformed input', () => {
    it.each([
      ['truncated', readFileSync(fixture('complexity', 'radon-cc.json'), 'utf8').slice(0, 200), /malformed JSON/],
      ['empty', '', /empty/],
      ['a block without complexity', '{"a.py": [{"type": "function", "name": "f", "lineno": 1}]}', /complexity/],
      [
        'a method without classname',
        '{"a.py": [{"type": "method", "name": "m", "lineno": 1, "complexity": 1}]}',
        /classname/,
      ],
      [
        'an unknown block type',
        '{"a.py": [{"type": "module", "name": "m", "lineno": 1, "complexity": 1}]}',
        /type "module"/,
      ],
      ['a fractional line', '{"a.py": [{"type": "function", "name": "f", "lineno": 1.5, "complexity": 1}]}', /lineno/],
      [
        'closures that are not a list',
        '{"a.py": [{"type": "function", "name": "f", "lineno": 1, "complexity": 1, "closures": 3}]}',
        /closures/,
      ],
      ['an empty object', '{}', /no complexity format/],
      ['wrong JSON', '{"a.py": "hello"}', /no complexity format/],
      [
        'a report of another kind',
        readFileSync(fixture('benchmarks', 'pytest-benchmark.json'), 'utf8'),
        /pytest-benchmark JSON report \(benchmark\), not a complexity report/,
      ],
    ])('%s', async (_name, content, message) => {
      await expectFileError(tempFile(content), 'complexity', message);
    });

    it('binary data', async () => {
      await expectFileError(tempFile(Buffer.from([0x7b, 0x00, 0x22, 0xff])), 'complexity', /binary/);
    });
  });

  it('survives mutation: FileError or a well-formed result', async () => {
    const outcome = await fuzzReport({
      kind: 'complexity',
      source: readFileSync(fixture('complexity', 'radon-cc-show-closures.json'), 'utf8'),
      json: true,
      numRuns: 2000,
      check: checkComplexity,
    });
    // Both paths taken: some mutants are refused, some still parse.
    expect(outcome.errors).toBeGreaterThan(0);
    expect(outcome.results).toBeGreaterThan(0);
  });
});
