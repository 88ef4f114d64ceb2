import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { describeWith, tool } from '../../../../test/support/requirements';
import { CoverageMap, fileTotals } from '../../src/coverage/coverage-map';
import { coveragePyJson } from '../../src/coverage/coveragepy-json';
import { goCover } from '../../src/coverage/go-cover';
import { istanbulFinal } from '../../src/coverage/istanbul-final';
import { istanbulSummary } from '../../src/coverage/istanbul-summary';
import { lcov } from '../../src/coverage/lcov';
import { loadCoverage } from '../../src/load';
import { normaliseSourcePath } from '../../src/paths';
import { mapOf, tempDir } from './helpers';

const run = promisify(execFile);
const GO = '/usr/bin/go';
const PYTHON = '/usr/bin/python3';
const C8 = fileURLToPath(new URL('../../../../test/node_modules/.bin/c8', import.meta.url));

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

const coveragePy = {
  ...tool(PYTHON, 'coverage.py (python3-coverage)'),
  present: existsSync(PYTHON) && spawnSync(PYTHON, ['-m', 'coverage', '--version']).status === 0,
};

describeWith(tool(GO), 'go test -coverprofile (real Go)', () => {
  it('gives the percent Go prints, with import paths mapped into a nested module', async () => {
    const root = tempDir('go-real');
    const home = join(root, '.home');
    write(root, {
      'go.mod': 'module example.com/top\n\ngo 1.19\n',
      'svc/go.mod': 'module example.com/svc\n\ngo 1.19\n',
      'svc/calc/calc.go':
        'package calc\n\nfunc Sign(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n\tif x < 0 {\n\t\treturn -1\n\t}\n\treturn 0\n}\n\nfunc Unused() int { a := 1; a++; return a }\n',
      'svc/calc/calc_test.go':
        'package calc\n\nimport "testing"\n\nfunc TestSign(t *testing.T) {\n\tif Sign(3) != 1 {\n\t\tt.Fatal("bad")\n\t}\n}\n',
    });
    const profile = join(root, 'cover.out');
    const { stdout } = await run(GO, ['test', `-coverprofile=${profile}`, './...'], {
      cwd: join(root, 'svc'),
      env: {
        PATH: process.env.PATH,
        HOME: home,
        GOPATH: join(home, 'go'),
        GOCACHE: join(home, 'cache'),
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
        GOTOOLCHAIN: 'local',
      },
    });
    const printed = Number(/coverage: ([\d.]+)% of statements/.exec(stdout)?.[1]);
    expect(printed).toBe(25);

    const map = new CoverageMap((path) => normaliseSourcePath(path, root));
    await mapOf(goCover, profile, root, map);
    expect([...map].map((f) => f.path)).toEqual(['svc/calc/calc.go']);
    const percent = map.totals().percent ?? Number.NaN;
    expect(Math.abs(percent - printed)).toBeLessThan(0.01);
  });
});

describeWith(coveragePy, 'coverage.py (real tool)', () => {
  async function project(
    branch: boolean,
  ): Promise<{ root: string; totals: { percent_covered: number; covered_lines: number; num_statements: number } }> {
    const root = tempDir('coveragepy-real');
    write(root, {
      'mod.py': 'def f(x):\n    if x > 0:\n        return 1\n    return 2\n\n\ndef g():\n    return 3\n',
      'test_mod.py':
        'import unittest\n\nimport mod\n\n\nclass T(unittest.TestCase):\n    def test_f(self):\n        self.assertEqual(mod.f(1), 1)\n',
    });
    const env = { PATH: process.env.PATH, HOME: root, PYTHONDONTWRITEBYTECODE: '1' };
    const runArgs = ['-m', 'coverage', 'run', '--source=.', ...(branch ? ['--branch'] : []), '-m', 'unittest', '-q'];
    await run(PYTHON, runArgs, { cwd: root, env });
    await run(PYTHON, ['-m', 'coverage', 'json', '-o', 'coverage.json'], { cwd: root, env });
    await run(PYTHON, ['-m', 'coverage', 'xml', '-o', 'coverage.xml'], { cwd: root, env });
    const document = JSON.parse(readFileSync(join(root, 'coverage.json'), 'utf8'));
    return { root, totals: document.totals };
  }

  it('JSON: the merged percent equals percent_covered; Cobertura agrees and merges', async () => {
    const { root, totals } = await project(false);
    const json = await mapOf(coveragePyJson, join(root, 'coverage.json'), root);
    expect(Math.abs((json.totals().percent ?? Number.NaN) - totals.percent_covered)).toBeLessThan(0.01);

    const both = await loadCoverage(['coverage.json', 'coverage.xml'], { root });
    expect(both.files.map((f) => f.format)).toEqual(['coveragepy-json', 'cobertura']);
    expect([...both.coverage].map((f) => f.path).sort()).toEqual(['mod.py', 'test_mod.py']);
    expect(both.coverage.totals()).toEqual(json.totals());
  });

  it('with --branch, ours stays line coverage (percent_covered mixes in branches)', async () => {
    const { root, totals } = await project(true);
    const map = await mapOf(coveragePyJson, join(root, 'coverage.json'), root);
    expect(map.totals()).toMatchObject({ covered: totals.covered_lines, total: totals.num_statements });
    expect(map.totals().percent).not.toBeCloseTo(totals.percent_covered, 2);
  });
});

describeWith(tool(C8, 'c8 (test/node_modules)'), 'Istanbul reports written by c8 (istanbul-reports)', () => {
  it('coverage-final.json lines equal the lcov DA lines; coverage-summary.json agrees', async () => {
    const root = tempDir('c8-real');
    write(root, {
      'lib.mjs':
        'export function sign(x) {\n  if (x > 0) {\n    return 1;\n  }\n  if (x < 0) {\n    return -1;\n  }\n  return 0;\n}\n\nexport function unused() {\n  const a = 1;\n  return a + 1;\n}\n',
      'main.mjs': "import { sign } from './lib.mjs';\nconsole.log(sign(3));\n",
    });
    await run(
      C8,
      ['--reporter=json', '--reporter=lcov', '--reporter=json-summary', '--reports-dir=out', 'node', 'main.mjs'],
      { cwd: root, env: { PATH: process.env.PATH, HOME: root } },
    );
    const final = await mapOf(istanbulFinal, join(root, 'out', 'coverage-final.json'), root);
    const fromLcov = await mapOf(lcov, join(root, 'out', 'lcov.info'), root);
    const summary = await mapOf(istanbulSummary, join(root, 'out', 'coverage-summary.json'), root);
    const byPath = (map: CoverageMap) =>
      new Map(
        [...map].map((f) => [normaliseSourcePath(f.path, root), { lines: [...f.lines], covered: [...f.coveredLines] }]),
      );
    expect(final.size).toBeGreaterThan(0);
    expect(byPath(final)).toEqual(byPath(fromLcov));
    const totals = (map: CoverageMap) =>
      new Map([...map].map((f) => [normaliseSourcePath(f.path, root), fileTotals(f)]));
    expect(totals(final)).toEqual(totals(summary));
    expect(final.totals().covered).toBeLessThan(final.totals().total);
  });
});
