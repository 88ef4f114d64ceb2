import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileLedger, listReleases } from '@ccm/delivery/ledger';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../harness/run-action';
import { startServedService } from '../support/delivery/served-service';
import { fakeGitHub } from '../support/fake-github';
import { git, gitOrigin } from '../support/git-origin';

const actionDir = fileURLToPath(new URL('../../actions/rollback', import.meta.url));
const deployScript = fileURLToPath(new URL('../support/delivery/deploy.mjs', import.meta.url));
const TOKEN = 'ghs_e2eRevertToken0123456789abcdef';
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/**
 * A workspace where v1, v2 and v3 were deployed through deploy.mjs, each recorded good with the
 * digest of its artifact (and its commit when given), and v3, served now, is bad.
 */
async function deployedWorkspace(workspace: string, commits?: Record<'v1' | 'v2' | 'v3', string>) {
  mkdirSync(join(workspace, 'artifacts'), { recursive: true });
  const ledger = fileLedger(join(workspace, 'releases.json'));
  for (const version of ['v1', 'v2', 'v3'] as const) {
    const content = `the app, ${version}\n`;
    writeFileSync(join(workspace, 'artifacts', `app-${version}.tgz`), content);
    await ledger.record({
      environment: 'production',
      version,
      outcome: 'success',
      digest: sha256(content),
      ...(commits ? { commit: commits[version] } : {}),
    });
  }
  writeFileSync(join(workspace, 'served.json'), JSON.stringify({ version: 'v3', digest: sha256('the app, v3\n') }));
  return ledger;
}

/** The deploy command as the user writes it in the workflow: one argument a line. */
const deployInputs = (healthUrl: string) => ({
  environment: 'production',
  ledger: 'file:releases.json',
  'deploy-command': ['node', deployScript, '{{ version }}', '{{ digest }}'].join('\n'),
  artifact: 'artifacts/app-{{ version }}.tgz',
  'health-url': healthUrl,
  'health-interval': '100ms',
  timeout: '5s',
});

describe('rollback through the bundle with a deploy-command', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function world() {
    const workspace = mkdtempSync(join(tmpdir(), 'ccm-e2e-deploy-'));
    const ledger = await deployedWorkspace(workspace);
    const service = await startServedService(workspace, ['v3']);
    closers.push(service.close);
    return { workspace, ledger, service };
  }

  it('runs the command with the restored version and digest once the artifact matches, and health returns', async () => {
    const { workspace, ledger, service } = await world();
    const result = await runAction({
      actionDir,
      workspace,
      token: TOKEN,
      env: { GITHUB_RUN_ID: '6001' },
      inputs: deployInputs(`${service.url}/healthz`),
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['rolled-back-to']).toBe('v2');
    console.info(`rollback through deploy-command, start to healthy: ${result.outputs['duration-ms']} ms`);
    expect(readFileSync(join(workspace, 'deploy.log'), 'utf8')).toBe(`v2 ${sha256('the app, v2\n')}\n`);
    expect(await (await fetch(service.url)).text()).toBe('v2');
    expect(result.log).toContain(`artifacts/app-v2.tgz matches the recorded ${sha256('the app, v2\n')}`);
    expect(result.log).toContain('deploy-command> now serving v2');
    const [newest, bad] = await listReleases(ledger, 'production');
    expect([newest?.version, newest?.outcome, newest?.source, bad?.version, bad?.outcome]).toEqual([
      'v2',
      'success',
      'rollback',
      'v3',
      'failure',
    ]);
  });

  it('refuses a tampered artifact before the command runs, and leaves the ledger as it was', async () => {
    const { workspace, ledger, service } = await world();
    writeFileSync(join(workspace, 'artifacts', 'app-v2.tgz'), 'the app, v2, with something added\n');
    const result = await runAction({
      actionDir,
      workspace,
      token: TOKEN,
      env: { GITHUB_RUN_ID: '6002' },
      inputs: deployInputs(`${service.url}/healthz`),
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /::error::input artifact: \S+\/artifacts\/app-v2\.tgz is sha256:[0-9a-f]{64}, but release \d+ \(v2\) recorded sha256:[0-9a-f]{64}: refusing to deploy it/,
    );
    expect(existsSync(join(workspace, 'deploy.log'))).toBe(false);
    expect(await service.served()).toBe('v3');
    expect((await listReleases(ledger, 'production')).map((r) => r.version)).toEqual(['v3', 'v2', 'v1']);
  });
});

describe('rollback through the bundle with revert-pr', () => {
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  let origin = '';
  beforeAll(async () => {
    github = await fakeGitHub({ headExists: (branch) => git(origin, 'branch', '--list', branch) !== '' });
  });
  afterAll(() => github?.close());

  it('rolls back, then opens a pull request whose branch on origin holds v2 again', async () => {
    const repo = gitOrigin();
    origin = repo.origin;
    await deployedWorkspace(repo.clone, repo.commits);
    const service = await startServedService(repo.clone, ['v3']);
    try {
      const result = await runAction({
        actionDir,
        workspace: repo.clone,
        token: TOKEN,
        repository: 'acme/shop',
        ref: 'refs/heads/main',
        apiUrl: github.url,
        env: { GITHUB_RUN_ID: '6101' },
        inputs: { ...deployInputs(`${service.url}/healthz`), 'revert-pr': 'true' },
      });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      const branch = 'ccm/rollback-production-6101';
      expect(github.pulls).toEqual([
        expect.objectContaining({
          head: branch,
          base: 'main',
          title: 'Revert v3 in production: it was rolled back to v2',
        }),
      ]);
      expect(github.requests.at(-1)).toMatchObject({ url: '/repos/acme/shop/pulls', authorization: `token ${TOKEN}` });
      expect(result.outputs['revert-pr-url']).toBe('https://github.com/acme/shop/pull/1');
      expect(git(origin, 'rev-parse', `${branch}^{tree}`)).toBe(git(origin, 'rev-parse', `${repo.commits.v2}^{tree}`));
      expect(result.summary).toContain('Revert pull request: https://github.com/acme/shop/pull/1');
      // The push's header is masked, and neither it nor the token is printed anywhere else.
      const header = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
      expect(result.masks).toEqual(expect.arrayContaining([TOKEN, header]));
      const printed = result.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      expect(printed + result.stderr).not.toContain(TOKEN);
      expect(printed + result.stderr).not.toContain(header);
    } finally {
      await service.close();
    }
  });
});
