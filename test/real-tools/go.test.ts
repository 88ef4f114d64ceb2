import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmarks, loadCoverage, loadTests } from '../../packages/reports/src/index';
import { type GoRun, generateGo } from './generate';
import { percent, readGoProfile } from './readers';
import { removeWorkdir } from './tools';

/** go test -coverprofile, -bench and -json on test/projects/go (module example.com/ccmsample), read by our loaders. */
let run: GoRun;
const options = () => ({ root: run.work.root });

beforeAll(async () => {
  run = await generateGo();
});

afterAll(async () => {
  await removeWorkdir(run?.work);
});

describe('go test -coverprofile', () => {
  it('gives the statements percent of the profile, which rounds to what go test printed', async () => {
    const { coverage, files } = await loadCoverage([run.reports.profile], options());
    expect(files.map((f) => f.format)).toEqual(['go-cover']);
    const own = await readGoProfile(join(run.work.root, run.reports.profile));
    expect(coverage.totals()).toMatchObject({ covered: own.covered, total: own.total });
    expect(coverage.totals().percent).toBeCloseTo(percent(own), 2);
    // go test prints one decimal: ours must round to exactly that.
    expect(Math.abs((coverage.totals().percent ?? Number.NaN) - run.tool.printedPercent)).toBeLessThanOrEqual(0.05);
  });

  it('maps import paths to workspace files through go.mod', async () => {
    const { coverage } = await loadCoverage([run.reports.profile], options());
    expect((await readGoProfile(join(run.work.root, run.reports.profile))).files).toEqual([
      'example.com/ccmsample/stats/stats.go',
    ]);
    expect([...coverage].map((f) => f.path)).toEqual(['stats/stats.go']);
  });
});

describe('go test -bench', () => {
  it('has one result per benchmark and unit, with one sample per -count run', async () => {
    const { report, files } = await loadBenchmarks([run.reports.bench], options());
    expect(files.map((f) => f.format)).toEqual(['go-bench']);
    expect([...run.tool.benchResultLines.values()]).toEqual([run.tool.benchCount, run.tool.benchCount]);
    for (const [name, lines] of run.tool.benchResultLines) {
      const results = report.benchmarks.filter((b) => b.name.endsWith(name));
      // -benchmem: ns/op, B/op and allocs/op for every benchmark.
      expect(results.map((b) => b.unit).sort(), name).toEqual(['B/op', 'allocs/op', 'ns/op']);
      for (const result of results) expect(result.samples, `${name} ${result.unit}`).toHaveLength(lines);
    }
    expect(report.benchmarks).toHaveLength(6);
    expect(report.benchmarks.every((b) => !b.biggerIsBetter)).toBe(true);
  });
});

describe('go test -json', () => {
  it('has the counts go test -v reports', async () => {
    const { report, files } = await loadTests([run.reports.testJson], options());
    expect(files.map((f) => f.format)).toEqual(['go-test-json']);
    const count = (outcome: string) => report.cases.filter((c) => c.outcome === outcome).length;
    expect({ passed: count('passed'), failed: count('failed'), skipped: count('skipped') }).toEqual(run.tool.tests);
    expect(run.tool.tests).toEqual({ passed: 3, failed: 0, skipped: 1 });
  });
});
