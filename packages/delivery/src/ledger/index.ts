import { resolve } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { fileLedger } from './file-ledger';
import { githubLedger } from './github-ledger';
import type { ReleaseLedger } from './ledger';

export { fileLedger } from './file-ledger';
export { GitHubAccessError, GitHubApiError } from './github-api';
export { type GitHubLedgerOptions, githubLedger } from './github-ledger';
export * from './ledger';

/** What `github` needs beyond the spec: the token, and the runner's environment it reads. */
export interface GitHubLedgerContext {
  /** The github-token input; needs `deployments: write` and `contents: write`. */
  token?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Opens the ledger an input names: `github` (GitHub Deployments of the workflow's repository, inside
 * Actions) or `file:PATH` (relative to `root`).
 */
export function openLedger(
  spec: string,
  root: string,
  input = 'ledger',
  github: GitHubLedgerContext = {},
): ReleaseLedger {
  const trimmed = spec.trim();
  if (trimmed === 'github') return openGitHubLedger(input, github);
  const file = /^file:(.+)$/.exec(trimmed);
  if (file?.[1]) return fileLedger(resolve(root, file[1]));
  throw new ConfigurationError(`${input}: '${spec}' is not a ledger; use github or file:PATH`);
}

function openGitHubLedger(input: string, { token, env = process.env }: GitHubLedgerContext): ReleaseLedger {
  const [owner, repo, extra] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const sha = env.GITHUB_SHA ?? '';
  if (env.GITHUB_ACTIONS !== 'true' || !owner || !repo || extra !== undefined || !/^[0-9a-f]{40}$/.test(sha)) {
    throw new ConfigurationError(
      `${input}: 'github' records releases as GitHub Deployments and works only inside GitHub Actions (GITHUB_ACTIONS, GITHUB_REPOSITORY and GITHUB_SHA are not all set); elsewhere use file:PATH`,
    );
  }
  if (!token?.trim()) {
    throw new ConfigurationError(
      `${input}: 'github' needs a token (the github-token input) with the permissions deployments: write and contents: write`,
    );
  }
  const { GITHUB_SERVER_URL: server, GITHUB_RUN_ID: runId } = env;
  return githubLedger({
    token: token.trim(),
    repository: { owner, repo },
    ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    defaultRef: sha,
    ...(server && runId ? { logUrl: `${server}/${owner}/${repo}/actions/runs/${runId}` } : {}),
  });
}
