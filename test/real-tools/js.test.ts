import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadComplexity, loadCoverage, loadTests } from '../../packages/reports/src/index';
import { generateJs, type JsRun } from './generate';
import { percent, readLcov, readXmlRootAttributes } from './readers';
import { removeWorkdir } from './tools';

/** node --test (lcov, junit), c8 (lcov, Istanbul JSON, summary, Cobertura) and ESLint on test/projects/js. */
let run: JsRun;
const options = () => ({ root: run.work.root });
const SOURCES = ['src/grade.js', 'src/money.js'];

beforeAll(async () => {
  run = await generateJs();
});

afterAll(async () => {
  await removeWorkdir(run?.work);
});

describe("node --test's own coverage", () => {
  it("lcov: the lcov file's DA records and LF/LH, and node's own 'all files' line %", async () => {
    const { coverage, files } = await loadCoverage([run.reports.nodeLcov], options());
    expect(files.map((f) => f.format)).toEqual(['lcov']);
    const own = await readLcov(join(run.work.root, run.reports.nodeLcov));
    expect(coverage.totals()).toMatchObject(own.da);
    expect(own.da).toEqual(own.summary);
    // node prints two decimals.
    expect(Math.abs((coverage.totals().percent ?? Number.NaN) - run.tool.nodeLinePercent)).toBeLessThanOrEqual(0.005);
    expect([...coverage].map((f) => f.path).sort()).toEqual(SOURCES);
  });
});

describe('c8 (V8 coverage through Istanbul reporters)', () => {
  const lines = () => run.tool.c8Lines;

  it('coverage-final.json: the total line percent of coverage-summary.json', async () => {
    const { coverage, files } = await loadCoverage([run.reports.c8Final], options());
    expect(files.map((f) => f.format)).toEqual(['istanbul-final']);
    expect(coverage.totals()).toMatchObject({ covered: lines().covered, total: lines().total });
    expect(coverage.totals().percent).toBeCloseTo(lines().pct, 2);
    expect([...coverage].map((f) => f.path).sort()).toEqual(SOURCES);
  });

  it('coverage-summary.json alone: its own total', async () => {
    const { coverage, files } = await loadCoverage([run.reports.c8Summary], options());
    expect(files.map((f) => f.format)).toEqual(['istanbul-summary']);
    expect(coverage.totals()).toMatchObject({ covered: lines().covered, total: lines().total });
    expect(coverage.totals().percent).toBeCloseTo(lines().pct, 2);
  });

  it('lcov.info: its DA records and LF/LH, equal to the summary', async () => {
    const { coverage } = await loadCoverage([run.reports.c8Lcov], options());
    const own = await readLcov(join(run.work.root, run.reports.c8Lcov));
    expect(coverage.totals()).toMatchObject(own.da);
    expect(own.summary).toEqual({ covered: lines().covered, total: lines().total });
    expect(coverage.totals().percent).toBeCloseTo(lines().pct, 2);
  });

  it('cobertura-coverage.xml: its lines-covered / lines-valid, equal to the summary', async () => {
    const { coverage, files } = await loadCoverage([run.reports.c8Cobertura], options());
    expect(files.map((f) => f.format)).toEqual(['cobertura']);
    const root = await readXmlRootAttributes(join(run.work.root, run.reports.c8Cobertura), 'coverage');
    expect(coverage.totals()).toMatchObject({
      covered: Number(root['lines-covered']),
      total: Number(root['lines-valid']),
    });
    expect(coverage.totals().percent).toBeCloseTo(lines().pct, 2);
    expect([...coverage].map((f) => f.path).sort()).toEqual(SOURCES);
  });

  it('all four c8 reports of one run merge into the same two files and the same percent', async () => {
    const { reports } = run;
    const { coverage } = await loadCoverage(
      [reports.c8Lcov, reports.c8Final, reports.c8Summary, reports.c8Cobertura],
      options(),
    );
    expect([...coverage].map((f) => f.path).sort()).toEqual(SOURCES);
    expect(coverage.totals().percent).toBeCloseTo(percent(lines()), 2);
  });
});

describe('node --test --test-reporter=junit', () => {
  it("has node's own counts (the TAP reporter's summary)", async () => {
    const { report, files } = await loadTests([run.reports.nodeJunit], options());
    expect(files.map((f) => f.format)).toEqual(['junit']);
    const count = (outcome: string) => report.cases.filter((c) => c.outcome === outcome).length;
    const own = run.tool.nodeTests;
    expect(own).toMatchObject({ tests: 6, pass: 4, fail: 1, skipped: 1, todo: 0, cancelled: 0 });
    expect(report.cases).toHaveLength(own.tests);
    expect({ passed: count('passed'), failed: count('failed') + count('error'), skipped: count('skipped') }).toEqual({
      passed: own.pass,
      failed: own.fail,
      skipped: own.skipped,
    });
    const failed = report.cases.find((c) => c.outcome === 'failed');
    expect(failed?.name).toBe('is deliberately failing, so reports carry a failure');
    expect(failed?.message).toContain('9 !== 8');
  });
});

describe('eslint -f json with complexity: 0', () => {
  it('has every function ESLint reported, with its complexity and line', async () => {
    const { report, files } = await loadComplexity([run.reports.eslint], options());
    expect(files.map((f) => f.format)).toEqual(['eslint-json']);
    const key = (f: { file: string; line?: number; complexity: number }) => `${f.file}:${f.line}:${f.complexity}`;
    const relative = (file: string) => file.slice(run.work.root.length + 1);
    expect(report.functions.map(key).sort()).toEqual(
      run.tool.eslint.map((m) => key({ ...m, file: relative(m.file) })).sort(),
    );
  });

  it("reports ESLint's offenders (complexity > 10) by name", async () => {
    const { report } = await loadComplexity([run.reports.eslint], options());
    const offenders = report.functions.filter((f) => f.complexity > 10);
    expect(run.tool.eslint.filter((m) => m.complexity > 10).map((m) => m.message)).toEqual([
      "Function 'shippingClass' has a complexity of 12. Maximum allowed is 0.",
    ]);
    expect(offenders).toMatchObject([{ file: 'src/grade.js', line: 2, complexity: 12 }]);
    expect(offenders[0]?.name).toContain('shippingClass');
  });
});
