import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoverage } from '../../packages/reports/src/index';
import { baseEnv, copyProject, numberFrom, PYTHON, removeWorkdir, runTool, type Workdir } from './tools';

/**
 * The standard Python layout: packages whose `__init__.py` files are empty. coverage.py 6.5 marks
 * such a file with line 0 (`"executed_lines": [0]` in its JSON, `DA:0,1,<md5>` in its lcov); every
 * report it writes must read as `coverage report` states, and none may be refused.
 */
let work: Workdir;
/** `coverage report`'s TOTAL row. */
let total: { statements: number; missing: number; percent: number };

beforeAll(async () => {
  work = await copyProject('python-layout');
  const env = baseEnv(work, { PYTHONDONTWRITEBYTECODE: '1', COVERAGE_FILE: join(work.home, '.coverage') });
  const run = (args: string[]) => runTool(PYTHON, args, { cwd: work.root, env });
  await run(['-m', 'coverage', 'run', '--source=shop', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests']);
  await Promise.all([
    run(['-m', 'coverage', 'json', '-o', 'reports/coverage.json']),
    run(['-m', 'coverage', 'xml', '-o', 'reports/coverage.xml']),
    run(['-m', 'coverage', 'lcov', '-o', 'reports/coverage.lcov']),
  ]);
  const report = (await run(['-m', 'coverage', 'report', '--precision=2'])).stdout;
  total = {
    statements: numberFrom(report, /^TOTAL\s+(\d+)/m, 'TOTAL statements'),
    missing: numberFrom(report, /^TOTAL\s+\d+\s+(\d+)/m, 'TOTAL missing'),
    percent: numberFrom(report, /^TOTAL\s+\d+\s+\d+\s+([\d.]+)%/m, 'TOTAL percent'),
  };
});

afterAll(async () => {
  await removeWorkdir(work);
});

describe('coverage.py 6.5 on a package with empty __init__.py files', () => {
  it('runs on the layout the test is about (two empty __init__.py, one partly covered module)', () => {
    expect(total).toEqual({ statements: 6, missing: 1, percent: 83.33 });
  });

  it.each([
    ['JSON', 'reports/coverage.json', 'coveragepy-json'],
    ['XML', 'reports/coverage.xml', 'cobertura'],
    ['lcov', 'reports/coverage.lcov', 'lcov'],
  ])('%s report: read, with the totals `coverage report` prints', async (_name, report, format) => {
    const { coverage, files } = await loadCoverage([report], { root: work.root });
    expect(files.map((f) => f.format)).toEqual([format]);
    const totals = coverage.totals();
    expect(totals).toMatchObject({ covered: total.statements - total.missing, total: total.statements });
    expect(totals.percent).toBeCloseTo(total.percent, 2);
  });

  it('the three reports merged: the same totals (the same files, the same lines)', async () => {
    const reports = ['reports/coverage.json', 'reports/coverage.xml', 'reports/coverage.lcov'];
    const { coverage } = await loadCoverage(reports, { root: work.root });
    expect(coverage.totals()).toMatchObject({ covered: total.statements - total.missing, total: total.statements });
  });

  it('lcov: the docstring DA record is dropped with a warning; the empty files warn of nothing', async () => {
    const { files } = await loadCoverage(['reports/coverage.lcov'], { root: work.root });
    expect(files[0]?.warnings).toEqual([
      expect.stringMatching(
        /: 1 section\(s\) where DA and LF\/LH disagree: shop\/cart\/total\.py: DA records 7 lines \(6 hit\), LF 6, LH 6; used the DA records less 1 that are not statements in the source \(6 lines, 5 hit\)$/,
      ),
    ]);
  });
});
