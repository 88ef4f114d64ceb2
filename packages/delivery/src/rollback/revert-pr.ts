/**
 * `revert-pr: true`: after a rollback, a pull request that reverts the bad release's commits, so the
 * branch says again what runs. Everything goes through git with argument arrays in a temporary
 * worktree (the user's checkout is never touched), and the job token reaches `git push` only as an
 * `http.extraheader` in that one command's environment, the way actions/checkout authenticates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, errorMessage } from '@ccm/toolkit/errors';
import type { Release } from '../ledger';
import { type Git, GitError, gitIn } from './git';

/** The pull-request endpoint of the REST API (`POST /repos/{owner}/{repo}/pulls`). */
export interface PullRequestApi {
  create(request: {
    owner: string;
    repo: string;
    title: string;
    body: string;
    head: string;
    base: string;
  }): Promise<{ url: string; number: number }>;
}

/** Where the run is, for the pull request: read from the runner's environment by the entry points. */
export interface RevertContext {
  repository: { owner: string; repo: string };
  /** The run's page, linked from the pull request. */
  runUrl?: string;
  /** The branch the workflow runs on (GITHUB_REF refs/heads/...), the pull request's default base. */
  branch?: string;
}

export interface RevertRequest {
  environment: string;
  runId: string | undefined;
  /** What ran (its commits are reverted) and what runs again. */
  bad: Pick<Release, 'id' | 'version' | 'commit'>;
  good: Pick<Release, 'id' | 'version' | 'commit'>;
  base: string;
  token: string;
  context: RevertContext;
}

export interface RevertResult {
  url: string;
  number: number;
  branch: string;
  /** The commits reverted, newest first. */
  commits: { sha: string; subject: string; merge: boolean }[];
}

/** The identity of the job token's commits when the workflow configured none. */
const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

export async function openRevertPullRequest(
  request: RevertRequest,
  parts: { root: string; tempDir: string; pulls: PullRequestApi; mask: (secret: string) => void },
): Promise<RevertResult> {
  const { bad, good } = request;
  if (!bad.commit || !good.commit) {
    const missing = [bad, good].filter((r) => !r.commit).map((r) => `${r.version} (release ${r.id})`);
    throw new ConfigurationError(
      `revert-pr: ${missing.join(' and ')} recorded no commit, so the range to revert is unknown; record releases with a commit (ccm release record --commit, canary-deploy records GITHUB_SHA)`,
    );
  }
  // The ledger is outside input: a 'commit' such as --output=... must never reach git as an option.
  for (const release of [bad, good]) {
    if (!/^[0-9a-f]{7,64}$/i.test(release.commit ?? ''))
      throw new ConfigurationError(
        `revert-pr: ${release.version} (release ${release.id}) recorded the commit '${String(release.commit).slice(0, 80)}', which is not a hexadecimal object name`,
      );
  }
  const git = gitIn(parts.root);
  await inClone(git, parts.root);
  await present(git, good, parts.root);
  await present(git, bad, parts.root);
  const [goodSha, badSha] = [await resolveCommit(git, good.commit), await resolveCommit(git, bad.commit)];
  if (goodSha === badSha)
    throw new ConfigurationError(
      `revert-pr: ${good.version} and ${bad.version} are the same commit ${short(goodSha)}: nothing to revert`,
    );
  if (!(await isAncestor(git, goodSha, badSha)))
    throw new ConfigurationError(
      `revert-pr: ${good.version}'s commit ${short(goodSha)} is not an ancestor of ${bad.version}'s ${short(badSha)}; there is no range of commits to revert`,
    );
  if (!(await isAncestor(git, badSha, 'HEAD')))
    throw new ConfigurationError(
      `revert-pr: the checkout (HEAD) does not contain ${bad.version}'s commit ${short(badSha)}; check out the branch that deployed it`,
    );
  const commits = await firstParentRange(git, goodSha, badSha);
  const branch = branchName(request.environment, request.runId);
  const dir = await mkdtemp(join(parts.tempDir, 'ccm-revert-'));
  try {
    await git(['worktree', 'add', '--quiet', '-b', branch, dir, 'HEAD']);
    const work = gitIn(dir);
    const identity = await committer(work);
    for (const commit of commits) await revertOne(work, commit, identity);
    const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${request.token}`).toString('base64')}`;
    parts.mask(header.slice('AUTHORIZATION: basic '.length));
    await work(['push', '--quiet', 'origin', `refs/heads/${branch}:refs/heads/${branch}`], {
      env: {
        // An empty value first clears any extraheader a checkout persisted, so one header is sent.
        GIT_CONFIG_COUNT: '2',
        GIT_CONFIG_KEY_0: 'http.extraheader',
        GIT_CONFIG_VALUE_0: '',
        GIT_CONFIG_KEY_1: 'http.extraheader',
        GIT_CONFIG_VALUE_1: header,
      },
    });
  } finally {
    await git(['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await git(['branch', '-D', branch]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
  const pull = await parts.pulls
    .create({
      ...request.context.repository,
      title: `Revert ${bad.version} in ${request.environment}: it was rolled back to ${good.version}`,
      body: pullRequestBody(request, commits),
      head: branch,
      base: request.base,
    })
    .catch((error: unknown) => {
      throw new ConfigurationError(
        `revert-pr: branch ${branch} was pushed, but the pull request could not be opened (${errorMessage(error)}); open it by hand`,
      );
    });
  return { ...pull, branch, commits };
}

async function inClone(git: Git, root: string): Promise<void> {
  const inside = await git(['rev-parse', '--is-inside-work-tree']).catch(() => 'false');
  if (inside.trim() !== 'true')
    throw new ConfigurationError(`revert-pr: ${root} is not a git clone; run actions/checkout (fetch-depth: 0) first`);
}

async function present(git: Git, release: Pick<Release, 'version' | 'commit'>, root: string): Promise<void> {
  const found = await git(['cat-file', '-e', `${release.commit}^{commit}`]).then(
    () => true,
    () => false,
  );
  if (found) return;
  const shallow = (await git(['rev-parse', '--is-shallow-repository']).catch(() => '')).trim() === 'true';
  throw new ConfigurationError(
    `revert-pr: ${release.version}'s commit ${release.commit} is not in the clone at ${root}${shallow ? ' (a shallow clone)' : ''}; check out with fetch-depth: 0`,
  );
}

async function resolveCommit(git: Git, commit: string): Promise<string> {
  return (await git(['rev-parse', '--verify', `${commit}^{commit}`])).trim();
}

async function isAncestor(git: Git, ancestor: string, of: string): Promise<boolean> {
  return git(['merge-base', '--is-ancestor', ancestor, of]).then(
    () => true,
    (error: unknown) => {
      if (error instanceof GitError && error.code === 1) return false;
      throw error;
    },
  );
}

/**
 * The commits `good..bad` brought to the branch, newest first, following first parents only: a merge
 * is reverted whole against its first parent (`-m 1`), so the commits it merged are not reverted twice.
 */
async function firstParentRange(git: Git, good: string, bad: string): Promise<RevertResult['commits']> {
  const out = await git(['log', '--first-parent', '--format=%H %P%x09%s', `${good}..${bad}`]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [hashes = '', subject = ''] = line.split('\t');
      const [sha = '', ...parents] = hashes.trim().split(' ');
      return { sha, subject, merge: parents.length > 1 };
    });
}

async function committer(git: Git): Promise<NodeJS.ProcessEnv> {
  const email = await git(['config', 'user.email']).catch(() => '');
  if (email.trim()) return {};
  return {
    GIT_AUTHOR_NAME: BOT.name,
    GIT_AUTHOR_EMAIL: BOT.email,
    GIT_COMMITTER_NAME: BOT.name,
    GIT_COMMITTER_EMAIL: BOT.email,
  };
}

async function revertOne(git: Git, commit: RevertResult['commits'][number], env: NodeJS.ProcessEnv): Promise<void> {
  const args = ['revert', '--no-edit', ...(commit.merge ? ['-m', '1'] : []), commit.sha];
  try {
    await git(args, { env });
  } catch (error) {
    const conflicted = await git(['diff', '--name-only', '--diff-filter=U']).catch(() => '');
    await git(['revert', '--abort']).catch(() => undefined);
    const files = conflicted.split('\n').filter(Boolean);
    throw new ConfigurationError(
      files.length > 0
        ? `revert-pr: reverting ${short(commit.sha)} (${commit.subject}) conflicts with later commits in ${files.join(', ')}; revert aborted, nothing pushed`
        : `revert-pr: reverting ${short(commit.sha)} (${commit.subject}) failed: ${errorMessage(error)}`,
    );
  }
}

/** `ccm/rollback-<environment>-<run id>`, with what git refuses in a branch name replaced. */
export function branchName(environment: string, runId: string | undefined): string {
  const safe = environment
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .replace(/\.\.+/g, '.');
  return `ccm/rollback-${safe || 'environment'}-${runId ?? Date.now()}`;
}

function pullRequestBody(request: RevertRequest, commits: RevertResult['commits']): string {
  const { bad, good, environment, context } = request;
  return [
    `**${environment}** was rolled back from **${bad.version}** (release ${bad.id}, \`${short(bad.commit ?? '')}\`) to **${good.version}** (release ${good.id}, \`${short(good.commit ?? '')}\`)${context.runUrl ? ` by [run ${request.runId ?? ''}](${context.runUrl})` : ''}.`,
    'This pull request reverts what the bad release added, so the branch matches what runs:',
    commits
      .map(
        (c) =>
          `- ${short(c.sha)} ${c.subject.replace(/[<>]/g, '')}${c.merge ? ' (merge, reverted against its first parent)' : ''}`,
      )
      .join('\n'),
    'Merge it to keep the rollback, or close it once a fix is deployed.',
  ].join('\n\n');
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

/** The revert context from the runner's variables; undefined without GITHUB_REPOSITORY. */
export function revertContextOf(env: NodeJS.ProcessEnv): (RevertContext & { apiUrl?: string }) | undefined {
  const [owner, repo, extra] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || extra !== undefined) return undefined;
  const { GITHUB_SERVER_URL: server, GITHUB_RUN_ID: runId, GITHUB_REF: ref, GITHUB_API_URL: apiUrl } = env;
  const branch = ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  return {
    repository: { owner, repo },
    ...(server && runId ? { runUrl: `${server}/${owner}/${repo}/actions/runs/${runId}` } : {}),
    ...(branch ? { branch } : {}),
    ...(apiUrl ? { apiUrl } : {}),
  };
}
