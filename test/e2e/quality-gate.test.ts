import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../harness/run-action';
import { fakeGitHub } from '../support/fake-github';

const actionDir = fileURLToPath(new URL('../../actions/quality-gate', import.meta.url));

// Reports written to each format's documentation: lcov per geninfo(1); JUnit per the Surefire/Ant
// schema (testsuite/testcase/failure); SARIF 2.1.0 per the OASIS spec (runs/tool/results/locations).
const LCOV = 'TN:\nSF:src/a.ts\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,0\nend_of_record\n';
const JUNIT =
  '<?xml version="1.0"?>\n<testsuites>\n<testsuite name="s" tests="2" failures="0">\n<testcase classname="s" name="one" time="0.1"/>\n<testcase classname="s" name="two" time="0.2"/>\n</testsuite>\n</testsuites>\n';
const SARIF = JSON.stringify({
  version: '2.1.0',
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  runs: [
    {
      tool: { driver: { name: 'Scanner', rules: [{ id: 'R1', properties: { 'security-severity': '8.1' } }] } },
      results: [
        {
          ruleId: 'R1',
          ruleIndex: 0,
          level: 'error',
          message: { text: 'SQL built from user input' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.ts' }, region: { startLine: 2 } } }],
        },
      ],
    },
  ],
});

/** Every run gets a token, as the runner always has one for `${{ github.token }}`. */
const gate = (options: Parameters<typeof runAction>[0]) => runAction({ token: 'ghs_test_token', ...options });

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-e2e-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('quality-gate bundle, run as the runner runs it (node24)', () => {
  it('passes: outputs, summary table, JSON report', async () => {
    const run = await gate({
      actionDir,
      workspace: workspace({ 'lcov.info': LCOV, 'junit.xml': JUNIT }),
      inputs: { coverage: 'lcov.info', tests: 'junit.xml', 'min-coverage': '75' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', coverage: '75.00' });
    expect(run.summary).toContain('## ✅ quality-gate passed');
    expect(run.summary).toContain('| Line coverage | ≥ 75% | 75.00% (3/4) | ✅ pass |');
    expect(run.summary).toContain('| Tests | no failures | 2 passed, 0 failed, 0 errors, 0 skipped | ✅ pass |');
    const report = JSON.parse(readFileSync(run.outputs.report as string, 'utf8'));
    expect(report.passed).toBe(true);
    expect(report.conditions.map((c: { id: string }) => c.id)).toEqual([
      'coverage',
      'complexity',
      'security',
      'debt-ratio',
      'tests',
      'benchmarks',
    ]);
  });

  it('fails: step fails last, outputs and summary still written, annotations on the finding', async () => {
    const run = await gate({
      actionDir,
      workspace: workspace({ 'lcov.info': LCOV, 'scan.sarif': SARIF }),
      inputs: { coverage: 'lcov.info', security: 'scan.sarif' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(run.summary).toContain('## ❌ quality-gate failed');
    const finding = run.annotations.find((a) => a.file === 'src/a.ts');
    expect(finding).toMatchObject({
      level: 'error',
      line: 2,
      title: 'high Scanner: R1',
      message: 'SQL built from user input',
    });
    const failure = run.annotations.find((a) => a.level === 'error' && a.message.startsWith('quality-gate failed'));
    expect(failure?.message).toBe(
      'quality-gate failed: Line coverage 75.00% (3/4), needs ≥ 85%; Security findings 1 high, needs no high or worse; Technical-debt ratio 100.00% (120 min / 4 lines), needs ≤ 3%',
    );
  });

  it('fails closed on a malformed report, naming file and line', async () => {
    const run = await gate({
      actionDir,
      workspace: workspace({
        'junit.xml': '<?xml version="1.0"?>\n<testsuites>\n<testsuite name="s">\n<testcase name="a">\n',
      }),
      inputs: { tests: 'junit.xml' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(run.summary).toMatch(/junit\.xml:5:\d+: malformed XML: unclosed tag: testcase/);
  });

  it('rejects a bad input with a message naming it', async () => {
    const run = await gate({ actionDir, inputs: { 'min-coverage': 'abc' } });
    expect(run.exitCode).toBe(1);
    expect(run.annotations.map((a) => a.message)).toContain(
      "input min-coverage: expected a percentage from 0 to 100 (80 or 80%), got 'abc'",
    );
  });

  it.each([
    ['no report input', {}],
    ["coverage: '' from an empty variable", { coverage: '', 'min-coverage': '80' }],
  ])('fails the step when it measured nothing (%s), naming what it expected', async (_name, inputs) => {
    const run = await gate({ actionDir, inputs });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.passed).toBeUndefined();
    expect(run.annotations.map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^quality-gate measured nothing: no report input was given\. Expected at least one of the inputs coverage, tests, security, complexity or benchmarks/,
      ),
    ]);
  });

  describe('pull request comment through the GitHub API', () => {
    let github: Awaited<ReturnType<typeof fakeGitHub>>;
    beforeAll(async () => {
      github = await fakeGitHub();
    });
    afterAll(async () => {
      await github.close();
    });
    const event = (headRepo: string) => ({
      name: 'pull_request',
      payload: {
        pull_request: {
          number: 7,
          base: { ref: 'main', repo: { full_name: 'ccm-test/sample' } },
          head: { repo: { full_name: headRepo } },
        },
      },
    });

    it('creates one comment, then updates it on the next run; the token never reaches the log', async () => {
      const dir = workspace({ 'lcov.info': LCOV });
      for (const minCoverage of ['90', '50']) {
        const run = await gate({
          actionDir,
          workspace: dir,
          event: event('ccm-test/sample'),
          token: 'ghs_e2e_secret_token',
          apiUrl: github.url,
          inputs: { coverage: 'lcov.info', 'min-coverage': minCoverage },
        });
        expect(run.log).not.toContain('ghs_e2e_secret_token');
        expect(run.masks).toContain('ghs_e2e_secret_token');
        expect(run.outputs['comment-path']).toBeTruthy();
      }
      const thread = github.comments.get(7) ?? [];
      expect(thread).toHaveLength(1);
      expect(thread[0]?.body).toContain('<!-- ccm:quality-gate:quality-gate -->');
      expect(thread[0]?.body).toContain('✅ quality-gate passed');
      expect(github.requests.some((r) => r.authorization === 'token ghs_e2e_secret_token')).toBe(true);
    });

    it('on a fork pull request, does not call the API and leaves the body for a workflow_run job', async () => {
      const before = github.requests.length;
      const run = await gate({
        actionDir,
        workspace: workspace({ 'lcov.info': LCOV }),
        event: event('someone/fork'),
        token: 'ghs_read_only',
        apiUrl: github.url,
        inputs: { coverage: 'lcov.info', 'min-coverage': '50' },
      });
      expect(run.exitCode).toBe(0);
      expect(github.requests.length).toBe(before);
      const path = run.outputs['comment-path'] as string;
      expect(existsSync(path)).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain('<!-- ccm:quality-gate:quality-gate -->');
    });
  });
});
