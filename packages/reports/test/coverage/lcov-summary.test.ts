import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCoverage } from '../../src/load';
import { tempDir } from './helpers';

// Sections as coverage.py 6.5's `coverage lcov` writes them (seen in a real run over a package with an
// empty __init__.py, test/real-tools/python-layout.test.ts): `DA:0` marks a file with no statements, and
// a module docstring's line gets a DA record that LF (the statements) leaves out.
const EMPTY_INIT = 'TN:\nSF:pkg/__init__.py\nDA:0,1,1B2M2Y8AsgTpgAmY7PhCfg\nLF:0\nLH:1\nend_of_record\n';
const DOCSTRING = 'TN:\nSF:pkg/mod.py\nDA:1,1\nDA:3,1\nDA:4,1\nDA:5,0\nLF:3\nLH:3\nend_of_record\n';
const SOURCE = '"""Module docstring."""\n\nimport os\nX = 1\nY = 2\n';

async function load(files: Record<string, string>) {
  const root = tempDir('lcov-summary');
  mkdirSync(join(root, 'pkg'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return loadCoverage(['coverage.lcov'], { root });
}

describe('lcov: DA records against LF/LH', () => {
  it('reads DA:0 as no line (an empty __init__.py), with no warning', async () => {
    const { coverage, files } = await load({ 'coverage.lcov': EMPTY_INIT });
    expect(coverage.totals()).toMatchObject({ covered: 0, total: 0 });
    expect(files[0]?.warnings).toBeUndefined();
  });

  it('drops a docstring line when the source shows it is no statement, and says so', async () => {
    const { coverage, files } = await load({ 'coverage.lcov': DOCSTRING, 'pkg/mod.py': SOURCE });
    expect(coverage.totals()).toMatchObject({ covered: 2, total: 3 });
    expect(files[0]?.warnings).toEqual([
      expect.stringContaining(
        'pkg/mod.py: DA records 4 lines (3 hit), LF 3, LH 3; used the DA records less 1 that are not statements in the source (3 lines, 2 hit)',
      ),
    ]);
  });

  it('keeps the DA records and warns when the source cannot settle it', async () => {
    const { coverage, files } = await load({ 'coverage.lcov': DOCSTRING });
    expect(coverage.totals()).toMatchObject({ covered: 3, total: 4 });
    expect(files[0]?.warnings).toEqual([
      expect.stringMatching(
        /coverage\.lcov: 1 section\(s\) where DA and LF\/LH disagree: pkg\/mod\.py: DA records 4 lines \(3 hit\), LF 3, LH 3; used the DA records$/,
      ),
    ]);
  });

  it('names three sections, then counts the rest', async () => {
    const sections = [1, 2, 3, 4, 5].map((n) => `SF:f${n}.ts\nDA:1,1\nLF:2\nLH:1\nend_of_record\n`).join('');
    const { files } = await load({ 'coverage.lcov': sections });
    const warning = files[0]?.warnings?.[0] ?? '';
    expect(warning).toMatch(
      /5 section\(s\) where DA and LF\/LH disagree: f1\.ts: .*; f2\.ts: .*; f3\.ts: .*; and 2 more$/,
    );
  });

  it('refuses a malformed LF, naming the line', async () => {
    await expect(load({ 'coverage.lcov': 'SF:a.ts\nDA:1,1\nLF:x\nend_of_record\n' })).rejects.toThrow(
      /coverage\.lcov:3.*malformed LF record 'LF:x'/,
    );
  });
});

describe('coverage.py JSON: line 0', () => {
  it('reads "executed_lines": [0] (an empty __init__.py) as a file with no statements', async () => {
    const root = tempDir('covpy-empty');
    const report = {
      meta: { version: '6.5.0', timestamp: '2026-12-03T18:30:49', branch_coverage: false, show_contexts: false },
      files: {
        'pkg/__init__.py': {
          executed_lines: [0],
          summary: { covered_lines: 0, num_statements: 0, percent_covered: 100.0, missing_lines: 0, excluded_lines: 0 },
          missing_lines: [],
          excluded_lines: [],
        },
      },
      totals: { covered_lines: 0, num_statements: 0, percent_covered: 100.0 },
    };
    writeFileSync(join(root, 'coverage.json'), JSON.stringify(report));
    const { coverage } = await loadCoverage(['coverage.json'], { root });
    expect(coverage.totals()).toMatchObject({ covered: 0, total: 0 });
  });
});
