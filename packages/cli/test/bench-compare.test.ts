import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCcm } from './run-cli';

/**
 * End to end with a real pytest-benchmark suite (Debian's python3-pytest-benchmark) in a real git
 * repository of four commits: the base, a changed comment, a 15% slowdown of `test_sum`, then a 15%
 * speed-up of it. Each commit is compared with its parent. Verdicts are asserted, never times.
 */
const SUITE = (comment: string, sumSize: number, joinSize: number) => `# ${comment}
# A tiny suite whose cost is set by its sizes, so a commit can make one benchmark 15% slower or faster.


def test_sum(benchmark):
    benchmark(lambda: sum(range(${sumSize})))


WORDS = [str(i) for i in range(10000)]


def test_join(benchmark):
    benchmark(lambda: ",".join(WORDS[:${joinSize}]))


def test_sort(benchmark):
    benchmark(lambda: sorted(range(3000, 0, -1)))
`;

// Through `env` (an argument array, no shell): without plugin autoload, pytest starts in half the time.
const PYTEST = [
  'env',
  'PYTEST_DISABLE_PLUGIN_AUTOLOAD=1',
  'python3',
  '-m',
  'pytest',
  '-q',
  '-p',
  'pytest_benchmark.plugin',
  '-p',
  'no:cacheprovider',
  '--benchmark-json={output}',
  '--benchmark-min-rounds=30',
  '--benchmark-max-time=0.001',
  '--benchmark-warmup=off',
  'test_bench.py',
];

let repo = '';
const commits: string[] = [];

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  }).trim();
}

function commit(message: string, suite: string): void {
  writeFileSync(join(repo, 'test_bench.py'), suite);
  git('add', 'test_bench.py');
  git('commit', '-q', '-m', message);
  commits.push(git('rev-parse', 'HEAD'));
}

async function compareWithParent(index: number, extra: string[] = []) {
  git('checkout', '-q', '--detach', commits[index]!);
  return runCcm(repo, [
    'bench',
    'compare',
    '--base',
    commits[index - 1]!,
    '--rounds',
    '6',
    '--json',
    '--quiet',
    ...extra,
    '--',
    ...PYTEST,
  ]);
}

function verdicts(out: string[]): Record<string, string> {
  const { benchmarks } = JSON.parse(out.join('\n')) as { benchmarks: { name: string; verdict: string }[] };
  return Object.fromEntries(benchmarks.map((b) => [b.name.replace(/^.*::/, ''), b.verdict]));
}

beforeAll(() => {
  try {
    execFileSync('python3', ['-c', 'import pytest_benchmark'], { stdio: 'pipe' });
  } catch {
    throw new Error('these tests need pytest-benchmark: apt-get install python3-pytest-benchmark');
  }
  repo = mkdtempSync(join(tmpdir(), 'ccm-bench-repo-'));
  git('init', '-q');
  commit('base', SUITE('the suite', 40000, 4000));
  commit('a comment', SUITE('the suite, a comment changed', 40000, 4000));
  commit('slower sum', SUITE('the suite, a comment changed', 46000, 4000));
  commit('faster sum', SUITE('the suite, a comment changed', 39100, 4000));
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe('ccm bench compare on a real pytest-benchmark suite', () => {
  it('passes identical code (a comment changed)', async () => {
    const { code, out, err } = await compareWithParent(1);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(Object.values(verdicts(out))).not.toContain('regressed');
    expect(Object.keys(verdicts(out)).sort()).toEqual(['test_join', 'test_sort', 'test_sum']);
  }, 300_000);

  it('fails a 15% slowdown, naming that benchmark only, and writes the summary', async () => {
    const summary = join(repo, '..', `${repo.split('/').pop()}-summary.md`);
    try {
      const { code, out } = await compareWithParent(2, ['--summary', summary]);
      expect(code).toBe(1);
      const found = verdicts(out);
      expect(found.test_sum).toBe('regressed');
      expect(found.test_join).not.toBe('regressed');
      expect(found.test_sort).not.toBe('regressed');
      const markdown = readFileSync(summary, 'utf8');
      // Benchmark names are report text: rendered inert (underscores and '::' escaped).
      expect(markdown).toMatch(/\| test&#95;bench\.py:&#8203;:&#8203;test&#95;sum \| .* \| regressed \|/);
    } finally {
      rmSync(summary, { force: true });
    }
  }, 300_000);

  it('reports a 15% speed-up as improved', async () => {
    const { code, out } = await compareWithParent(3);
    expect(code).toBe(0);
    const found = verdicts(out);
    expect(found.test_sum).toBe('improved');
    expect(Object.values(found)).not.toContain('regressed');
  }, 300_000);

  it('leaves no worktree behind, also when the command fails', async () => {
    git('checkout', '-q', '--detach', commits[1]!);
    const { code, err } = await runCcm(repo, [
      'bench',
      'compare',
      '--base',
      commits[0]!,
      '--rounds',
      '6',
      '--quiet',
      '--',
      'python3',
      '-c',
      'raise SystemExit(3)',
      '{output}',
    ]);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/benchmark \(base, round 1\) failed/);
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('refuses usage mistakes with exit code 2', async () => {
    const tooFew = await runCcm(repo, ['bench', 'compare', '--base', commits[0]!, '--rounds', '3', '--', ...PYTEST]);
    expect(tooFew.code).toBe(2);
    expect(tooFew.err.join('\n')).toMatch(/--rounds: 3/);
    const noOutput = await runCcm(repo, ['bench', 'compare', '--base', commits[0]!, '--', 'python3', '-m', 'pytest']);
    expect(noOutput.code).toBe(2);
    expect(noOutput.err.join('\n')).toMatch(/\{output\}/);
    const badBase = await runCcm(repo, ['bench', 'compare', '--base', 'no-such-ref', '--', ...PYTEST]);
    expect(badBase.code).toBe(2);
    expect(badBase.err.join('\n')).toMatch(/no-such-ref/);
  });
});
