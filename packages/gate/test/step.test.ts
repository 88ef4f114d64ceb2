import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeRuntime, memoryComments } from '../../../test/support/fake-runtime';
import { COMMENT_LIMIT, commentMarker, renderComment } from '../src/comment';
import { parseUnifiedDiff } from '../src/diff';
import { GateFailedError, qualityGateStep, UNPAIRED_BENCHMARKS } from '../src/step';

/** An lcov tracefile written to geninfo(1)'s TRACEFILE FORMAT: a.ts has lines 1-4, 1 and 2 covered. */
const LCOV = 'TN:\nSF:src/a.ts\nDA:1,3\nDA:2,1\nDA:3,0\nDA:4,0\nLF:4\nLH:2\nend_of_record\n';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-step-'));
  writeFileSync(join(dir, 'lcov.info'), LCOV);
  return dir;
}

describe('qualityGateStep', () => {
  it('writes outputs, summary and report, then fails last', async () => {
    const dir = workspace();
    const { runtime, record } = fakeRuntime({ coverage: 'lcov.info', 'github-token': 'ghs_secret' });
    const error = await qualityGateStep(runtime, { workspace: dir, tempDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateFailedError);
    expect((error as Error).message).toBe('quality-gate failed: Line coverage 50.00% (2/4), needs ≥ 85%');
    expect(record.outputs).toMatchObject({
      passed: 'false',
      coverage: '50.00',
      report: join(dir, 'quality-gate-report.json'),
    });
    expect(record.summary).toContain('## ❌ quality-gate failed');
    expect(record.masked).toEqual(['ghs_secret']);
    const report = JSON.parse(readFileSync(join(dir, 'quality-gate-report.json'), 'utf8'));
    expect(report.conditions[0]).toMatchObject({ id: 'coverage', threshold: '≥ 85%', actual: 50, status: 'failed' });
  });

  it('fails on JUnit totals that declare failures no test case shows, and says why (issue 8, item 10)', async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'junit.xml'),
      '<testsuite name="api" tests="2" failures="2" errors="1"><testcase name="a"/><testcase name="b"/></testsuite>',
    );
    const { runtime, record } = fakeRuntime({ tests: 'junit.xml' });
    const error = await qualityGateStep(runtime, { workspace: dir, tempDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateFailedError);
    expect(record.summary).toContain('| Tests | no failures | 2 passed, 1 failed, 1 errors, 0 skipped | ❌ fail |');
    expect(record.summary).toContain('2 failure(s) no test case shows');
    expect(record.summary).toContain('its test cases show 0 and 0: the totals are counted');
  });

  it('warns that an unpaired benchmark comparison cannot tell drift from regression', async () => {
    const dir = workspace();
    // github-action-benchmark's JSON (customSmallerIsBetter): [{name, unit, value}].
    const bench = (value: number) => JSON.stringify([{ name: 'parse', unit: 'ns/iter', value }]);
    writeFileSync(join(dir, 'base.json'), bench(100));
    writeFileSync(join(dir, 'head.json'), bench(101));
    const { runtime, record } = fakeRuntime({ benchmarks: 'head.json', 'benchmark-baseline': 'base.json' });
    await qualityGateStep(runtime, { workspace: dir, tempDir: dir });
    const warnings = record.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toContain(UNPAIRED_BENCHMARKS);
    expect(UNPAIRED_BENCHMARKS).toContain('ccm bench compare');
  });

  it('passes with a lower threshold', async () => {
    const dir = workspace();
    const { runtime, record } = fakeRuntime({ coverage: 'lcov.info', 'min-coverage': '50' });
    const result = await qualityGateStep(runtime, { workspace: dir, tempDir: dir });
    expect(result.passed).toBe(true);
    expect(record.outputs.passed).toBe('true');
  });

  it('fails closed on a glob that matches nothing', async () => {
    const dir = workspace();
    const { runtime, record } = fakeRuntime({ coverage: 'missing/*.xml' });
    await expect(qualityGateStep(runtime, { workspace: dir, tempDir: dir })).rejects.toThrow(GateFailedError);
    expect(record.summary).toContain("input coverage: 'missing/&#42;.xml' matched no file");
  });

  it('keeps one pull request comment per gate, updated on reruns', async () => {
    const dir = workspace();
    const { store, comments } = memoryComments();
    const context = { workspace: dir, tempDir: dir, pullRequest: { number: 7, baseRef: 'main', fromFork: false } };
    for (const threshold of ['50', '90', '50']) {
      const { runtime } = fakeRuntime({ coverage: 'lcov.info', 'min-coverage': threshold, 'github-token': 't' });
      await qualityGateStep(runtime, context, () => store).catch(() => undefined);
    }
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(commentMarker('quality-gate'));
    expect(comments[0]?.body).toContain('✅ quality-gate passed');
  });

  it('on a fork, writes the comment body for a workflow_run job and does not fail for it', async () => {
    const dir = workspace();
    const { store, comments } = memoryComments();
    const { runtime, record } = fakeRuntime({ coverage: 'lcov.info', 'min-coverage': '50', 'github-token': 't' });
    await qualityGateStep(
      runtime,
      { workspace: dir, tempDir: dir, pullRequest: { number: 7, baseRef: 'main', fromFork: true } },
      () => store,
    );
    expect(comments).toHaveLength(0);
    expect(readFileSync(record.outputs['comment-path'] as string, 'utf8')).toContain(commentMarker('quality-gate'));
  });

  it('a comment that cannot be posted is a warning, not a failure', async () => {
    const dir = workspace();
    const { runtime, record } = fakeRuntime({ coverage: 'lcov.info', 'min-coverage': '50', 'github-token': 't' });
    const failing = {
      find: async () => {
        throw new Error('Resource not accessible by integration');
      },
      create: async () => {},
      update: async () => {},
    };
    await qualityGateStep(
      runtime,
      { workspace: dir, tempDir: dir, pullRequest: { number: 7, baseRef: 'main', fromFork: false } },
      () => failing,
    );
    expect(
      record.logger.lines.some((l) => l.level === 'warning' && l.message.includes('Resource not accessible')),
    ).toBe(true);
  });
});

describe('renderComment', () => {
  it('stays under GitHub limit with the verdict and totals kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-big-'));
    // Each section is capped in rows, so many components (scopes) are what overflows a comment.
    let lcov = '';
    for (let i = 0; i < 3000; i++) lcov += `SF:src/${'deep/'.repeat(20)}file${i}.ts\nDA:1,0\nend_of_record\n`;
    writeFileSync(join(dir, 'lcov.info'), lcov);
    const { runtime } = fakeRuntime({ coverage: 'lcov.info' });
    const error = (await qualityGateStep(runtime, { workspace: dir, tempDir: dir }).catch(
      (e: unknown) => e,
    )) as GateFailedError;
    const body = renderComment({
      ...error.result,
      scopes: Array.from({ length: 1000 }, () => error.result.scopes[0]!).map((s, i) => ({ ...s, scope: `c${i}` })),
    });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.startsWith(commentMarker('quality-gate'))).toBe(true);
    expect(body).toContain('| Line coverage |');
    expect(body).toMatch(/more sections? left out/);
  });
});

describe('changed lines', () => {
  it('reads new-side hunks from git diff --unified=0', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,0 +2,3 @@',
      '+x',
      '@@ -10 +14 @@',
      'diff --git a/gone.ts b/gone.ts',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
      '+++ "b/caf\\303\\251.ts"',
      '@@ -0,0 +1 @@',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual(
      new Map([
        ['src/a.ts', new Set([2, 3, 4, 14])],
        ['café.ts', new Set([1])],
      ]),
    );
  });

  it('measures diff coverage against a real git base', async () => {
    const dir = workspace();
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      });
    writeFileSync(join(dir, 'src-a.ts'), '');
    execFileSync('mkdir', ['-p', join(dir, 'src')]);
    writeFileSync(join(dir, 'src', 'a.ts'), 'one\ntwo\n');
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'src', 'a.ts'), 'one\ntwo\nthree\nfour\n');
    git('commit', '-qam', 'change');
    const { runtime } = fakeRuntime({
      coverage: 'lcov.info',
      'min-coverage': '0',
      'min-diff-coverage': '60',
      'base-ref': 'main',
    });
    const error = (await qualityGateStep(runtime, { workspace: dir, tempDir: dir }).catch(
      (e: unknown) => e,
    )) as GateFailedError;
    // Lines 3 and 4 changed; both executable, neither covered.
    expect(error.result.conditions.find((c) => c.id === 'diff-coverage')).toMatchObject({
      status: 'failed',
      actual: 0,
      actualText: '0.00% (0/2)',
    });
  });

  it('names a base ref that is not there', async () => {
    const dir = workspace();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const { runtime } = fakeRuntime({
      coverage: 'lcov.info',
      'min-coverage': '0',
      'min-diff-coverage': '60',
      'base-ref': 'origin/nope',
    });
    const error = (await qualityGateStep(runtime, { workspace: dir, tempDir: dir }).catch(
      (e: unknown) => e,
    )) as GateFailedError;
    expect(error.result.conditions.find((c) => c.id === 'diff-coverage')?.detail).toContain(
      "'origin/nope' is not a commit",
    );
  });
});
