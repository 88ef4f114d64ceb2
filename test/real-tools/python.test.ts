import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadBenchmarks,
  loadComplexity,
  loadCoverage,
  loadSecurity,
  loadTests,
  type Severity,
} from '../../packages/reports/src/index';
import { generatePython, type PythonRun } from './generate';
import { readLcov, readXmlRootAttributes } from './readers';
import { removeWorkdir } from './tools';

/** coverage.py, pytest, pytest-benchmark, bandit and radon on test/projects/python, read by our loaders. */
let run: PythonRun;
const options = () => ({ root: run.work.root });

beforeAll(async () => {
  run = await generatePython();
});

afterAll(async () => {
  await removeWorkdir(run?.work);
});

describe('coverage.py 6.5', () => {
  it('JSON report: the percent coverage.py states (totals.percent_covered)', async () => {
    const { coverage, files } = await loadCoverage([run.reports.coverageJson], options());
    expect(files.map((f) => f.format)).toEqual(['coveragepy-json']);
    const totals = coverage.totals();
    expect(totals.covered).toBe(run.tool.coverage.coveredLines);
    expect(totals.total).toBe(run.tool.coverage.numStatements);
    expect(totals.percent).toBeCloseTo(run.tool.coverage.percentCovered, 2);
  });

  it('XML (Cobertura) report: the same percent, and its own lines-covered / lines-valid', async () => {
    const { coverage, files } = await loadCoverage([run.reports.coverageXml], options());
    expect(files.map((f) => f.format)).toEqual(['cobertura']);
    const root = await readXmlRootAttributes(join(run.work.root, run.reports.coverageXml), 'coverage');
    expect(coverage.totals()).toMatchObject({
      covered: Number(root['lines-covered']),
      total: Number(root['lines-valid']),
    });
    expect(coverage.totals().percent).toBeCloseTo(run.tool.coverage.percentCovered, 2);
  });

  it('JSON and XML of one run merge into the same files (paths normalised alike)', async () => {
    const { coverage } = await loadCoverage([run.reports.coverageJson, run.reports.coverageXml], options());
    expect(coverage.size).toBe(run.tool.coverage.files);
    expect([...coverage].map((f) => f.path).sort()).toEqual(['ccmsample/__init__.py', 'ccmsample/pricing.py']);
    expect(coverage.totals().percent).toBeCloseTo(run.tool.coverage.percentCovered, 2);
  });

  it("lcov report: coverage.py's own totals, its docstring DA records dropped with a warning naming them", async () => {
    const { coverage, files } = await loadCoverage([run.reports.coverageLcov], options());
    expect(files.map((f) => f.format)).toEqual(['lcov']);
    // coverage.py 6.5 writes DA records for docstring lines that its LF (statements) leaves out.
    const own = await readLcov(join(run.work.root, run.reports.coverageLcov));
    expect(own.da.total).toBeGreaterThan(own.summary.total);
    expect(coverage.totals()).toMatchObject({
      covered: run.tool.coverage.coveredLines,
      total: run.tool.coverage.numStatements,
    });
    expect(own.summary.total).toBe(run.tool.coverage.numStatements);
    expect(files[0]?.warnings).toEqual([
      expect.stringMatching(
        /section\(s\) where DA and LF\/LH disagree: .*used the DA records less 1 that are not statements/,
      ),
    ]);
  });
});

describe('pytest --junitxml', () => {
  it("has pytest's own counts (its summary line)", async () => {
    const { report, files } = await loadTests([run.reports.junit], options());
    expect(files.map((f) => f.format)).toEqual(['junit']);
    const count = (outcome: string) => report.cases.filter((c) => c.outcome === outcome).length;
    expect({
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      error: count('error'),
    }).toEqual(run.tool.pytest);
    expect(run.tool.pytest).toEqual({ passed: 4, failed: 1, skipped: 1, error: 0 });
    const failed = report.cases.find((c) => c.outcome === 'failed');
    expect(failed?.name).toBe('test_deliberately_failing');
    expect(failed?.message).toContain('assert 9.0 == 8');
  });
});

describe('bandit -f json', () => {
  it("has bandit's own severity totals (metrics._totals)", async () => {
    const { report, files } = await loadSecurity([run.reports.bandit], options());
    expect(files.map((f) => f.format)).toEqual(['bandit']);
    const count = (severity: Severity) => report.findings.filter((f) => f.severity === severity).length;
    expect({
      HIGH: count('high'),
      MEDIUM: count('medium'),
      LOW: count('low'),
      UNDEFINED: count('unknown'),
    }).toEqual(run.tool.bandit);
    expect(count('critical')).toBe(0);
    expect(report.findings.map((f) => [f.id, f.file, f.line]).sort()).toEqual([
      ['B307', 'ccmsample/pricing.py', 20],
      ['B311', 'ccmsample/pricing.py', 15],
    ]);
  });
});

describe('radon cc -j', () => {
  it('has every function and method once, with the complexity radon states', async () => {
    const { report, files } = await loadComplexity([run.reports.radon], options());
    expect(files.map((f) => f.format)).toEqual(['radon-cc']);
    // radon lists each method twice (under its class and alone): a reader must not count it twice.
    const keys = report.functions.map((f) => `${f.file}:${f.line}:${f.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const expected of run.tool.radon) {
      expect(
        report.functions.find(
          (f) =>
            f.file === expected.file &&
            f.line === expected.line &&
            f.name.endsWith(expected.name.split('.').at(-1) ?? ''),
        ),
        `${expected.file}:${expected.line} ${expected.name}`,
      ).toMatchObject({ complexity: expected.complexity });
    }
  });

  it("reports radon's offenders (complexity > 10)", async () => {
    const { report } = await loadComplexity([run.reports.radon], options());
    const offenders = (list: { file: string; line?: number; complexity: number }[]) =>
      list.filter((f) => f.complexity > 10).map((f) => [f.file, f.line, f.complexity]);
    expect(offenders(report.functions)).toEqual(offenders(run.tool.radon));
    expect(offenders(run.tool.radon)).toEqual([['ccmsample/pricing.py', 23, 12]]);
  });
});

describe('pytest-benchmark --benchmark-json', () => {
  it('has one result per benchmark with one sample per round', async () => {
    const { report, files } = await loadBenchmarks([run.reports.benchmark], options());
    expect(files.map((f) => f.format)).toEqual(['pytest-benchmark']);
    expect(new Map(report.benchmarks.map((b) => [b.name, b.samples.length]))).toEqual(run.tool.benchmarkRounds);
    expect(report.benchmarks.every((b) => b.unit === 's' && !b.biggerIsBetter)).toBe(true);
  });
});
