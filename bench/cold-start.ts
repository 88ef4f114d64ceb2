/**
 * Cold start of the bundled quality-gate action on a small report: process start to exit under Node 24,
 * with the environment and file-command files a runner sets. Peers in the same run: bare `node -e ''`,
 * and an ncc bundle of @actions/core that sets one output (what any JavaScript action pays).
 *
 *   node --import tsx bench/cold-start.ts [--runs 30] [--node <binary>]
 *
 * Uses hyperfine when installed (`apt-get install -y hyperfine`), else spawns each run itself.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readActionMetadata } from '../test/harness/action-metadata';
import { commandLine, defaultNode, machine, markdownTable, median, quantile, REPO_ROOT } from './machine';

const ACTION_DIR = join(REPO_ROOT, 'actions/quality-gate');
const PEER_ENTRY = fileURLToPath(new URL('./peers/core-output.ts', import.meta.url));
const PEER_OUT = fileURLToPath(new URL('./data/core-output/', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/cold-start.json', import.meta.url));
const TARGET_MS = 500;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    node: { type: 'string' },
    'no-hyperfine': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const node = values.node ?? defaultNode();
const args = [
  ...(values.runs !== '30' ? ['--runs', values.runs] : []),
  ...(values.node ? ['--node', values.node] : []),
  ...(values['no-hyperfine'] ? ['--no-hyperfine'] : []),
];
const command = commandLine('bench/cold-start.ts', args);
const host = machine(node);
const hyperfine = !values['no-hyperfine'] && spawnSync('hyperfine', ['--version']).status === 0;

const metadata = await readActionMetadata(ACTION_DIR);
const actionScript = join(ACTION_DIR, metadata.main);
const peerScript = buildPeer();
const sandbox = mkdtempSync(join(tmpdir(), 'ccm-cold-start-'));
try {
  const env = runnerEnvironment(sandbox);
  const workspace = env.GITHUB_WORKSPACE as string;
  verify(env, workspace);

  const subjects = [
    { name: 'node -e ""', role: 'bare Node start', argv: [node, '-e', ''] },
    { name: '@actions/core only (ncc bundle, one setOutput)', role: 'peer action', argv: [node, peerScript] },
    { name: 'quality-gate dist/index.js (lcov + JUnit)', role: 'ours', argv: [node, actionScript] },
  ];
  console.error(`${command}\n${host.cpu} x${host.cores}, load ${host.loadAverage.join(' ')}, Node ${host.node}`);
  const times = hyperfine ? await withHyperfine(subjects, env, workspace) : await withSpawn(subjects, env, workspace);

  const bare = median(times[0] as number[]);
  const rows = subjects.map((subject, i) => {
    const samples = times[i] as number[];
    return {
      name: subject.name,
      role: subject.role,
      runs: samples.length,
      medianMs: round(median(samples)),
      p90Ms: round(quantile(samples, 0.9)),
      minMs: round(Math.min(...samples)),
      vsBareNode: round(median(samples) / bare),
    };
  });
  const ours = rows[2] as (typeof rows)[number];
  const core = rows[1] as (typeof rows)[number];
  console.log(
    `\n### Cold start under Node ${host.node} (${hyperfine ? 'hyperfine' : 'spawn + hrtime'}, ${runs} runs after 3 warm-ups)\n`,
  );
  console.log(
    markdownTable(
      ['command', 'role', 'median ms', 'p90 ms', 'min ms', 'ratio vs bare node'],
      rows.map((r) => [r.name, r.role, `${r.medianMs}`, `${r.p90Ms}`, `${r.minMs}`, `${r.vsBareNode}x`]),
    ),
  );
  console.log(
    `\nOurs over the @actions/core peer: ${round(ours.medianMs - core.medianMs)} ms (median). ` +
      `Target < ${TARGET_MS} ms: ${ours.medianMs < TARGET_MS ? 'met' : 'NOT met'} (p90 ${ours.p90Ms} ms). ` +
      `Bundle: ${(statSync(actionScript).size / 1024 / 1024).toFixed(2)} MB.`,
  );
  console.log(`\nReproduce: \`${command}\``);
  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    RESULTS,
    `${JSON.stringify({ date: new Date().toISOString(), machine: host, tool: hyperfine ? 'hyperfine' : 'spawn', command, targetMs: TARGET_MS, rows }, null, 2)}\n`,
  );
  console.error(`wrote ${RESULTS}`);
} finally {
  rmSync(sandbox, { recursive: true, force: true });
}

/** The peer bundle, rebuilt with ncc (same flags as scripts/build-bundles.mjs) when its entry changed. */
function buildPeer(): string {
  const out = join(PEER_OUT, 'index.js');
  if (existsSync(out) && statSync(out).mtimeMs > statSync(PEER_ENTRY).mtimeMs) return out;
  execFileSync(
    join(REPO_ROOT, 'node_modules/.bin/ncc'),
    ['build', PEER_ENTRY, '-o', PEER_OUT, '--target', 'es2022', '--transpile-only', '--quiet'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return out;
}

/**
 * A workspace with a small lcov and JUnit report, and the variables the runner sets for a `push` step:
 * GITHUB_* context, RUNNER_*, the file-command files, and INPUT_* for every declared input
 * (empty when neither given nor defaulted), as test/harness/run-action.ts does.
 */
function runnerEnvironment(root: string): Record<string, string> {
  const workspace = join(root, 'workspace');
  const runnerTemp = join(root, 'runner-temp');
  const commands = join(runnerTemp, '_runner_file_commands');
  mkdirSync(join(workspace, 'src'), { recursive: true });
  mkdirSync(commands, { recursive: true });
  mkdirSync(join(runnerTemp, '_github_workflow'), { recursive: true });
  writeFileSync(join(runnerTemp, '_github_workflow/event.json'), '{}');
  const lcov: string[] = [];
  for (const name of ['a', 'b', 'c']) {
    writeFileSync(join(workspace, `src/${name}.ts`), 'export const x = 1;\n'.repeat(20));
    lcov.push('TN:', `SF:${join(workspace, `src/${name}.ts`)}`, 'FN:1,f', 'FNF:1', 'FNH:1', 'FNDA:1,f');
    for (let line = 1; line <= 20; line++) lcov.push(`DA:${line},${line % 10 === 0 ? 0 : 1}`);
    lcov.push('LF:20', 'LH:18', 'end_of_record');
  }
  writeFileSync(join(workspace, 'lcov.info'), `${lcov.join('\n')}\n`);
  writeFileSync(
    join(workspace, 'junit.xml'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vitest tests" tests="3" failures="0" errors="0" time="0.01">\n' +
      '  <testsuite name="src/a.test.ts" tests="3" failures="0" errors="0" skipped="0" time="0.01">\n' +
      '    <testcase classname="src/a.test.ts" name="adds" time="0.001"/>\n' +
      '    <testcase classname="src/a.test.ts" name="subtracts" time="0.001"/>\n' +
      '    <testcase classname="src/a.test.ts" name="divides" time="0.001"/>\n' +
      '  </testsuite>\n</testsuites>\n',
  );

  const given: Record<string, string> = { coverage: 'lcov.info', tests: 'junit.xml', 'min-coverage': '80' };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of metadata.inputs) {
    // The only default is `${{ github.token }}`: a placeholder token (a push event posts no comment).
    const value = given[name] ?? (spec.default === undefined ? '' : 'ghs_placeholder');
    inputs[`INPUT_${name.replaceAll(' ', '_').toUpperCase()}`] = value;
  }
  const files = Object.fromEntries(
    ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((name) => {
      const file = join(commands, `${name.toLowerCase()}_bench`);
      writeFileSync(file, '');
      return [name, file];
    }),
  );
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? root,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(runnerTemp, '_github_workflow/event.json'),
    GITHUB_REPOSITORY: 'ccm-bench/sample',
    GITHUB_REPOSITORY_OWNER: 'ccm-bench',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_ACTOR: 'ccm-bot',
    GITHUB_WORKFLOW: 'ci',
    GITHUB_JOB: 'bench',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'ccm-bench',
    ...files,
    ...inputs,
  };
}

/** One run of each, checked: a benchmark of an action that fails measures nothing. */
function verify(env: Record<string, string>, workspace: string): void {
  for (const script of [actionScript, peerScript]) {
    const result = spawnSync(node, [script], { cwd: workspace, env, encoding: 'utf8' });
    const outputs = readFileSync(env.GITHUB_OUTPUT as string, 'utf8');
    writeFileSync(env.GITHUB_OUTPUT as string, '');
    if (result.status !== 0 || !/passed<<|passed=/.test(outputs)) {
      throw new Error(`${script} exited ${result.status} without output 'passed':\n${result.stdout}\n${result.stderr}`);
    }
    const passed = /passed<<(\S+)\n(.*)\n/.exec(outputs)?.[2] ?? outputs;
    const coverage = /coverage<<(\S+)\n(.*)\n/.exec(outputs)?.[2];
    console.error(`check ${script}: exit 0, passed=${passed}${coverage ? `, coverage=${coverage}` : ''}`);
  }
}

interface Subject {
  name: string;
  argv: string[];
}

/** hyperfine without a shell (-N), 3 warm-ups; file-command files emptied before each run. */
async function withHyperfine(subjects: Subject[], env: Record<string, string>, workspace: string): Promise<number[][]> {
  const json = join(sandbox, 'hyperfine.json');
  const prepare = [
    'truncate',
    '-s',
    '0',
    ...['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV'].map((n) => env[n] as string),
  ].join(' ');
  const hyperfineArgs = ['-N', '--warmup', '3', '--runs', String(runs), '--prepare', prepare, '--export-json', json];
  for (const subject of subjects) hyperfineArgs.push('-n', subject.name, subject.argv.map(quote).join(' '));
  await new Promise<void>((resolve, reject) => {
    const child = spawn('hyperfine', hyperfineArgs, { cwd: workspace, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`hyperfine exited ${code}`))));
  });
  const report = JSON.parse(readFileSync(json, 'utf8')) as { results: { times: number[] }[] };
  return report.results.map((r) => r.times.map((seconds) => seconds * 1000));
}

/** The fallback: each run spawned directly, process start to exit timed with hrtime. */
async function withSpawn(subjects: Subject[], env: Record<string, string>, workspace: string): Promise<number[][]> {
  const once = (argv: string[]) =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn(argv[0] as string, argv.slice(1), { cwd: workspace, env, stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}`));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
    });
  const times: number[][] = subjects.map(() => []);
  for (const subject of subjects) for (let i = 0; i < 3; i++) await once(subject.argv);
  // Interleaved, so a busy moment of the machine touches every subject alike.
  for (let run = 0; run < runs; run++) {
    for (const [i, subject] of subjects.entries()) {
      for (const name of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV']) writeFileSync(env[name] as string, '');
      times[i]?.push(await once(subject.argv));
    }
  }
  return times;
}

/** hyperfine -N splits its command with shell-words: an empty argument must be written ''. */
function quote(arg: string): string {
  return arg === '' ? "''" : /[\s'"\\]/.test(arg) ? `'${arg.replaceAll("'", "'\\''")}'` : arg;
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}
