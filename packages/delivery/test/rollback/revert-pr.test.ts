import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeGitHub } from '../../../../test/support/fake-github';
import { fakeRuntime } from '../../../../test/support/fake-runtime';
import { gitHttpServer } from '../../../../test/support/git-http';
import { git, gitOrigin } from '../../../../test/support/git-origin';
import { fileLedger, listReleases, openLedger } from '../../src/ledger';
import {
  branchName,
  githubPulls,
  openRevertPullRequest,
  type RollbackAdapters,
  rollbackStep,
} from '../../src/rollback';

/** user.email as the step's git sees it (this machine's global config included). */
function configuredEmail(cwd: string): string {
  try {
    return execFileSync('git', ['config', 'user.email'], { cwd, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const TOKEN = 'ghs_revertTestToken0123456789';

/**
 * revert-pr through the step, with real git (a bare `origin` holding v1..v3, v3 after a merge) and
 * the REST double of `POST /repos/{owner}/{repo}/pulls`.
 */
describe('rollback with revert-pr', () => {
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  let origin = '';
  beforeAll(async () => {
    github = await fakeGitHub({ headExists: (branch) => git(origin, 'branch', '--list', branch) !== '' });
  });
  afterAll(() => github?.close());
  // Every test opens its pull request from the same branch name: GitHub refuses a second one (422).
  afterEach(() => {
    github.pulls.length = 0;
  });

  async function setUp(options: { afterV3?: boolean; commits?: boolean; shallow?: boolean } = {}) {
    const repo = gitOrigin(options);
    origin = repo.origin;
    let clone = repo.clone;
    if (options.shallow) {
      clone = join(repo.clone, '..', 'shallow');
      git(join(clone, '..'), 'clone', '--quiet', '--depth', '1', `file://${repo.origin}`, clone);
    }
    const ledger = fileLedger(join(clone, '.git', 'releases.json'));
    for (const version of ['v1', 'v2', 'v3'] as const) {
      await ledger.record({
        environment: 'production',
        version,
        outcome: 'success',
        ...(options.commits === false ? {} : { commit: repo.commits[version] }),
      });
    }
    const commands: string[][] = [];
    const adapters: RollbackAdapters = {
      openLedger: (spec, base) => openLedger(spec, base),
      createRouter: () => {
        throw new Error('no router in these tests');
      },
      healthCheck: () => async () => ({ ok: true, detail: '200' }),
      openPulls: githubPulls,
      runCommand: async (_, argv) => void commands.push([...argv]),
    };
    const { runtime, record } = fakeRuntime({
      environment: 'production',
      ledger: 'file:.git/releases.json',
      'deploy-command': 'deploy\n{{ version }}',
      'revert-pr': 'true',
      'github-token': TOKEN,
    });
    const run = () =>
      rollbackStep(
        runtime,
        {
          workspace: clone,
          tempDir: join(clone, '..'),
          runId: '7001',
          inActions: true,
          github: {
            repository: { owner: 'acme', repo: 'shop' },
            runUrl: 'https://github.com/acme/shop/actions/runs/7001',
            branch: 'main',
            apiUrl: github.url,
          },
        },
        adapters,
      );
    return { ...repo, clone, ledger, commands, run, record };
  }

  it('opens a pull request whose branch reverts v2..v3 (the merge against its first parent), leaving the checkout alone', async () => {
    const w = await setUp();
    const headBefore = git(w.clone, 'rev-parse', 'HEAD');
    const report = await w.run();
    expect(report.result).toBe('rolled-back');
    expect(w.commands).toEqual([['deploy', 'v2']]);
    const branch = 'ccm/rollback-production-7001';
    // origin holds the branch, and its tree is v2's tree again.
    expect(git(w.origin, 'rev-parse', `${branch}^{tree}`)).toBe(git(w.origin, 'rev-parse', `${w.commits.v2}^{tree}`));
    expect(git(w.origin, 'log', '--format=%s', `main..${branch}`).split('\n')).toEqual([
      'Revert "Merge branch feature"',
      'Revert "release v3"',
    ]);
    // The committer is the clone's configured identity, else the job token's bot (as on a fresh runner).
    expect(git(w.origin, 'log', '-1', '--format=%ae', branch)).toBe(
      configuredEmail(w.clone) || '41898282+github-actions[bot]@users.noreply.github.com',
    );
    const pull = github.pulls.at(-1);
    expect(pull).toMatchObject({
      head: branch,
      base: 'main',
      title: 'Revert v3 in production: it was rolled back to v2',
    });
    expect(pull?.body).toContain('**production** was rolled back from **v3**');
    expect(pull?.body).toContain('[run 7001](https://github.com/acme/shop/actions/runs/7001)');
    expect(github.requests.at(-1)).toMatchObject({
      method: 'POST',
      url: '/repos/acme/shop/pulls',
      authorization: `token ${TOKEN}`,
    });
    expect(w.record.outputs['revert-pr-url']).toBe(`https://github.com/acme/shop/pull/${pull?.number}`);
    expect(report.revertPr).toMatchObject({ url: w.record.outputs['revert-pr-url'], branch });
    expect(w.record.summary).toContain(`Revert pull request: ${w.record.outputs['revert-pr-url']}`);
    // The user's checkout: same commit, no leftover branch or worktree; the token in no log line.
    expect(git(w.clone, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(git(w.clone, 'branch', '--list', branch)).toBe('');
    expect(git(w.clone, 'worktree', 'list').split('\n')).toHaveLength(1);
    expect(JSON.stringify(w.record.logger.lines)).not.toContain(TOKEN);
    expect(w.record.masked).toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
  });

  it('pushes over HTTP with the token only as an extraheader of that one push (git http-backend behind Basic auth)', async () => {
    const w = await setUp();
    git(w.origin, 'config', 'http.receivepack', 'true');
    const server = await gitHttpServer(w.origin, TOKEN);
    try {
      git(w.clone, 'remote', 'set-url', 'origin', server.url);
      const report = await w.run();
      expect(report.revertPr, JSON.stringify(report.revertPr)).toMatchObject({
        branch: 'ccm/rollback-production-7001',
      });
    } finally {
      await server.close();
    }
    const header = `basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;
    expect(server.seen.length).toBeGreaterThan(0);
    expect(server.seen.every((seen) => seen === header)).toBe(true);
    expect(git(w.origin, 'rev-parse', 'ccm/rollback-production-7001^{tree}')).toBe(
      git(w.origin, 'rev-parse', `${w.commits.v2}^{tree}`),
    );
    // Nothing of the token stays behind in the clone's config, and the remote URL holds no credential.
    expect(readFileSync(join(w.clone, '.git', 'config'), 'utf8')).not.toMatch(/extraheader|x-access-token|ghs_/);
    expect(git(w.clone, 'remote', 'get-url', 'origin')).toBe(server.url);
  });

  it('warns and keeps the rollback when a release recorded no commit', async () => {
    const w = await setUp({ commits: false });
    const report = await w.run();
    expect(report.result).toBe('rolled-back');
    expect(w.record.outputs).toMatchObject({ 'rolled-back-to': 'v2', 'revert-pr-url': '' });
    expect(w.record.annotations).toEqual([
      {
        level: 'warning',
        title: 'revert-pr',
        message: expect.stringMatching(
          /^revert-pr: v3 \(release \d+\) and v2 \(release \d+\) recorded no commit, so the range to revert is unknown; .* \(the rollback stands\)$/,
        ),
      },
    ]);
    expect(w.record.summary).toContain('No revert pull request: revert-pr: v3');
    expect((await listReleases(w.ledger, 'production'))[0]).toMatchObject({ version: 'v2', source: 'rollback' });
  });

  it('asks for fetch-depth: 0 when the range is not in a shallow clone', async () => {
    const w = await setUp({ shallow: true });
    await w.run();
    expect(w.record.annotations[0]?.message).toMatch(
      new RegExp(
        `^revert-pr: v2's commit ${w.commits.v2} is not in the clone at .*shallow \\(a shallow clone\\); check out with fetch-depth: 0`,
      ),
    );
  });

  it('aborts a conflicting revert, names the commit, and pushes nothing', async () => {
    const w = await setUp({ afterV3: true });
    const head = git(w.clone, 'rev-parse', 'HEAD');
    const report = await w.run();
    expect(report.result).toBe('rolled-back');
    expect(w.record.annotations[0]?.message).toBe(
      `revert-pr: reverting ${w.commits.v3.slice(0, 12)} (release v3) conflicts with later commits in app.txt; revert aborted, nothing pushed (the rollback stands)`,
    );
    expect(git(w.origin, 'branch', '--list', 'ccm/*')).toBe('');
    expect(git(w.clone, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(w.clone, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(w.clone, '.git', 'REVERT_HEAD'))).toBe(false);
  });

  it('says which permission is missing when GitHub refuses the pull request, after the branch was pushed', async () => {
    const readOnly = await fakeGitHub({ readOnly: true });
    const w = await setUp();
    const before = github.url;
    try {
      Object.assign(github, { url: readOnly.url });
      await w.run();
    } finally {
      Object.assign(github, { url: before });
      await readOnly.close();
    }
    expect(w.record.annotations[0]?.message).toBe(
      "revert-pr: branch ccm/rollback-production-7001 was pushed, but the pull request could not be opened (GitHub API POST /repos/acme/shop/pulls answered 403 (Resource not accessible by integration): the token lacks 'pull-requests: write'; add it to the job's permissions: block); open it by hand (the rollback stands)",
    );
    expect(git(w.origin, 'branch', '--list', 'ccm/rollback-production-7001')).toContain('ccm/rollback-production-7001');
  });

  it('refuses a recorded commit that is not an object name before git sees it', async () => {
    const pulls = githubPulls(TOKEN, github.url);
    const release = (id: string, version: string, commit: string) => ({ id, version, commit });
    await expect(
      openRevertPullRequest(
        {
          environment: 'production',
          runId: '1',
          bad: release('3', 'v3', '--output=/tmp/owned'),
          good: release('2', 'v2', 'abcdef1'),
          base: 'main',
          token: TOKEN,
          context: { repository: { owner: 'acme', repo: 'shop' } },
        },
        { root: '/nonexistent', tempDir: '/nonexistent', pulls, mask: () => {} },
      ),
    ).rejects.toThrow(
      "revert-pr: v3 (release 3) recorded the commit '--output=/tmp/owned', which is not a hexadecimal object name",
    );
  });

  it('names the branch after the environment and run, in characters git accepts', () => {
    expect(branchName('production', '42')).toBe('ccm/rollback-production-42');
    expect(branchName('eu west/..prod ', '42')).toBe('ccm/rollback-eu-west-.prod-42');
  });
});
