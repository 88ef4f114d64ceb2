import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baseEnv, C8, copyProject, ESLINT, NODE24, numberFrom, PYTHON, runTool, type Workdir } from './tools';

/**
 * Runs the real tools on the sample projects in test/projects (each copied to a fresh temporary
 * folder) and returns where their reports are, root-relative, with each tool's OWN numbers read from
 * its own output: what a parser of ours must agree with.
 */

export interface PythonRun {
  work: Workdir;
  reports: {
    coverageJson: string;
    coverageXml: string;
    coverageLcov: string;
    junit: string;
    bandit: string;
    radon: string;
    benchmark: string;
  };
  tool: {
    /** coverage.py JSON `totals`. */
    coverage: { percentCovered: number; coveredLines: number; numStatements: number; files: number };
    /** pytest's summary line (`1 failed, 4 passed, 1 skipped in 0.04s`). */
    pytest: Record<'passed' | 'failed' | 'skipped' | 'error', number>;
    /** bandit JSON `metrics._totals`, by severity. */
    bandit: Record<'HIGH' | 'MEDIUM' | 'LOW' | 'UNDEFINED', number>;
    /** Functions and methods in radon's JSON (which lists each method twice: under its class and alone). */
    radon: { file: string; name: string; line: number; complexity: number }[];
    /** pytest-benchmark's rounds per benchmark `fullname`. */
    benchmarkRounds: Map<string, number>;
  };
}

export async function generatePython(): Promise<PythonRun> {
  const work = await copyProject('python');
  const env = baseEnv(work, { PYTHONDONTWRITEBYTECODE: '1', COVERAGE_FILE: join(work.home, '.coverage') });
  const run = (file: string, args: string[], exitCodes?: number[]) =>
    runTool(file, args, { cwd: work.root, env, exitCodes });
  const reports = {
    coverageJson: 'reports/coverage.json',
    coverageXml: 'reports/coverage.xml',
    coverageLcov: 'reports/coverage.lcov',
    junit: 'reports/pytest-junit.xml',
    bandit: 'reports/bandit.json',
    radon: 'reports/radon.json',
    benchmark: 'reports/pytest-benchmark.json',
  };
  const pytest = async () => {
    // One failing test on purpose: pytest exits 1.
    const tests = await run(
      PYTHON,
      ['-m', 'coverage', 'run', '--source=ccmsample', '-m', 'pytest', '-p', 'no:cacheprovider'].concat([
        `--junitxml=${reports.junit}`,
        'tests',
      ]),
      [1],
    );
    await Promise.all([
      run(PYTHON, ['-m', 'coverage', 'json', '-o', reports.coverageJson]),
      run(PYTHON, ['-m', 'coverage', 'xml', '-o', reports.coverageXml]),
      run(PYTHON, ['-m', 'coverage', 'lcov', '-o', reports.coverageLcov]),
    ]);
    return tests.stdout;
  };
  const [pytestOut, , radonRun] = await Promise.all([
    pytest(),
    // bandit exits 1 when it finds something, which the sample does on purpose.
    run('/usr/bin/bandit', ['-q', '-r', 'ccmsample', '-f', 'json', '-o', reports.bandit], [1]),
    run('/usr/bin/radon', ['cc', '-j', 'ccmsample']),
    run(PYTHON, [
      '-m',
      'pytest',
      '-p',
      'no:cacheprovider',
      '-q',
      'benchmarks',
      `--benchmark-json=${reports.benchmark}`,
      '--benchmark-min-rounds=5',
      '--benchmark-max-time=0.005',
      '--benchmark-warmup=off',
    ]),
  ]);
  await writeFile(join(work.root, reports.radon), radonRun.stdout);

  const coverage = await readJson<{ totals: Record<string, number>; files: object }>(work, reports.coverageJson);
  const bandit = await readJson<{ metrics: { _totals: Record<string, number> } }>(work, reports.bandit);
  const benchmark = await readJson<{ benchmarks: { fullname: string; stats: { rounds: number } }[] }>(
    work,
    reports.benchmark,
  );
  return {
    work,
    reports,
    tool: {
      coverage: {
        percentCovered: required(coverage.totals.percent_covered, 'totals.percent_covered'),
        coveredLines: required(coverage.totals.covered_lines, 'totals.covered_lines'),
        numStatements: required(coverage.totals.num_statements, 'totals.num_statements'),
        files: Object.keys(coverage.files).length,
      },
      pytest: pytestSummary(pytestOut),
      bandit: {
        HIGH: required(bandit.metrics._totals['SEVERITY.HIGH'], 'SEVERITY.HIGH'),
        MEDIUM: required(bandit.metrics._totals['SEVERITY.MEDIUM'], 'SEVERITY.MEDIUM'),
        LOW: required(bandit.metrics._totals['SEVERITY.LOW'], 'SEVERITY.LOW'),
        UNDEFINED: required(bandit.metrics._totals['SEVERITY.UNDEFINED'], 'SEVERITY.UNDEFINED'),
      },
      radon: radonFunctions(JSON.parse(radonRun.stdout)),
      benchmarkRounds: new Map(benchmark.benchmarks.map((b) => [b.fullname, b.stats.rounds])),
    },
  };
}

/** `==== 1 failed, 4 passed, 1 skipped in 0.04s ====`: the last line pytest prints. */
function pytestSummary(stdout: string): PythonRun['tool']['pytest'] {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (!/ in [\d.]+s/.test(last)) throw new Error(`no pytest summary line in:\n${stdout}`);
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}\\b`).exec(last)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), error: count('errors?') };
}

interface RadonBlock {
  type: string;
  name: string;
  classname?: string;
  lineno: number;
  complexity: number;
  methods?: RadonBlock[];
}

function radonFunctions(document: Record<string, RadonBlock[]>): PythonRun['tool']['radon'] {
  const unique = new Map<string, PythonRun['tool']['radon'][number]>();
  for (const [file, blocks] of Object.entries(document)) {
    for (const block of blocks.flatMap((b) => [b, ...(b.methods ?? [])])) {
      if (block.type === 'class') continue;
      const name = block.classname ? `${block.classname}.${block.name}` : block.name;
      unique.set(`${file}:${block.lineno}:${name}`, { file, name, line: block.lineno, complexity: block.complexity });
    }
  }
  return [...unique.values()];
}

export interface GoRun {
  work: Workdir;
  reports: { profile: string; bench: string; testJson: string };
  tool: {
    /** `coverage: 44.8% of statements`, as go test prints it (one decimal). */
    printedPercent: number;
    /** Result lines per benchmark (name without the -N suffix) in go's bench output, and the -count asked. */
    benchResultLines: Map<string, number>;
    benchCount: number;
    /** `--- PASS:` / `--- FAIL:` / `--- SKIP:` lines of `go test -v`. */
    tests: Record<'passed' | 'failed' | 'skipped', number>;
  };
}

export async function generateGo(): Promise<GoRun> {
  const work = await copyProject('go');
  const env = baseEnv(work, {
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOTOOLCHAIN: 'local',
    GOTELEMETRY: 'off',
    CGO_ENABLED: '0',
    GOCACHE: join(work.home, 'gocache'),
    GOPATH: join(work.home, 'go'),
  });
  const run = (args: string[]) => runTool('/usr/bin/go', args, { cwd: work.root, env });
  const reports = { profile: 'reports/cover.out', bench: 'reports/bench.txt', testJson: 'reports/go-test.json' };
  const benchCount = 3;
  // The coverage run builds the package first, so the runs after it share the build cache.
  const cover = await run(['test', `-coverprofile=${reports.profile}`, './...']);
  const [bench, json, verbose] = await Promise.all([
    run(['test', '-run=^$', '-bench=.', '-benchtime=100x', `-count=${benchCount}`, '-benchmem', './...']),
    run(['test', '-json', './...']),
    run(['test', '-v', '-count=1', './...']),
  ]);
  await writeFile(join(work.root, reports.bench), bench.stdout);
  await writeFile(join(work.root, reports.testJson), json.stdout);

  const benchResultLines = new Map<string, number>();
  for (const match of bench.stdout.matchAll(/^(Benchmark\w+)-\d+\s+\d+\s+/gm)) {
    const name = match[1] as string;
    benchResultLines.set(name, (benchResultLines.get(name) ?? 0) + 1);
  }
  const lines = (word: string) => [...verbose.stdout.matchAll(new RegExp(`^\\s*--- ${word}: `, 'gm'))].length;
  return {
    work,
    reports,
    tool: {
      printedPercent: numberFrom(cover.stdout, /coverage: ([\d.]+)% of statements/, 'coverage percent'),
      benchResultLines,
      benchCount,
      tests: { passed: lines('PASS'), failed: lines('FAIL'), skipped: lines('SKIP') },
    },
  };
}

export interface JsRun {
  work: Workdir;
  reports: {
    nodeLcov: string;
    nodeJunit: string;
    c8Lcov: string;
    c8Final: string;
    c8Summary: string;
    c8Cobertura: string;
    eslint: string;
  };
  tool: {
    /** The TAP reporter's `# tests`, `# pass`, `# fail`, `# skipped`, `# todo`, `# cancelled`. */
    nodeTests: Record<'tests' | 'pass' | 'fail' | 'skipped' | 'todo' | 'cancelled', number>;
    /** The line % of `all files` in node's own coverage table (two decimals). */
    nodeLinePercent: number;
    /** c8's coverage-summary.json `total.lines`. */
    c8Lines: { total: number; covered: number; pct: number };
    /** ESLint's complexity messages: every function, with the complexity its message states. */
    eslint: { file: string; line: number; complexity: number; message: string }[];
  };
}

export async function generateJs(): Promise<JsRun> {
  const work = await copyProject('js');
  const env = baseEnv(work);
  const reports = {
    nodeLcov: 'reports/node-lcov.info',
    nodeJunit: 'reports/node-junit.xml',
    c8Lcov: 'reports/c8/lcov.info',
    c8Final: 'reports/c8/coverage-final.json',
    c8Summary: 'reports/c8/coverage-summary.json',
    c8Cobertura: 'reports/c8/cobertura-coverage.xml',
    eslint: 'reports/eslint.json',
  };
  const tests = 'test/**/*.test.js';
  // ESLint's flat config must sit at the root of what it lints (files outside its folder are ignored).
  await writeFile(
    join(work.root, 'eslint.config.mjs'),
    "export default [{ files: ['**/*.js'], rules: { complexity: ['warn', 0] } }];\n",
  );
  // The sample has one failing test on purpose: node --test (and c8 around it) exit 1.
  const [node] = await Promise.all([
    runTool(
      NODE24,
      [
        '--test',
        '--experimental-test-coverage',
        '--test-reporter=lcov',
        `--test-reporter-destination=${reports.nodeLcov}`,
        '--test-reporter=junit',
        `--test-reporter-destination=${reports.nodeJunit}`,
        '--test-reporter=tap',
        '--test-reporter-destination=stdout',
        tests,
      ],
      { cwd: work.root, env, exitCodes: [1] },
    ),
    runTool(
      NODE24,
      [C8, ...['lcov', 'json', 'json-summary', 'cobertura'].map((r) => `--reporter=${r}`)].concat([
        '--reports-dir=reports/c8',
        `--temp-directory=${join(work.home, 'c8-tmp')}`,
        NODE24,
        '--test',
        tests,
      ]),
      { cwd: work.root, env, exitCodes: [1] },
    ),
    runTool(ESLINT, ['-c', 'eslint.config.mjs', '-f', 'json', '-o', reports.eslint, 'src', 'test'], {
      cwd: work.root,
      env,
    }),
  ]);

  const tap = (name: string) => numberFrom(node.stdout, new RegExp(`^# ${name} (\\d+)$`, 'm'), `TAP # ${name}`);
  const summary = await readJson<{ total: { lines: { total: number; covered: number; pct: number } } }>(
    work,
    reports.c8Summary,
  );
  const eslint = await readJson<
    { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[]
  >(work, reports.eslint);
  return {
    work,
    reports,
    tool: {
      nodeTests: {
        tests: tap('tests'),
        pass: tap('pass'),
        fail: tap('fail'),
        skipped: tap('skipped'),
        todo: tap('todo'),
        cancelled: tap('cancelled'),
      },
      nodeLinePercent: numberFrom(
        node.stdout,
        /^# all files\s*\|\s*([\d.]+)\s*\|/m,
        'node coverage "all files" line %',
      ),
      c8Lines: summary.total.lines,
      eslint: eslint.flatMap((file) =>
        file.messages
          .filter((m) => m.ruleId === 'complexity')
          .map((m) => ({
            file: file.filePath,
            line: m.line,
            complexity: numberFrom(m.message, /complexity of (\d+)/, 'complexity'),
            message: m.message,
          })),
      ),
    },
  };
}

async function readJson<T>(work: Workdir, path: string): Promise<T> {
  return JSON.parse(await readFile(join(work.root, path), 'utf8')) as T;
}

function required(value: number | undefined, what: string): number {
  if (typeof value !== 'number') throw new Error(`the tool's report has no ${what}`);
  return value;
}
