import { ConfigurationError, errorMessage } from '@ccm/toolkit/errors';

/**
 * One REST call of the GitHub ledger, named for messages (`POST /repos/o/r/deployments`) with the
 * token permission it needs, so a refusal says what to add to the workflow's `permissions:`.
 */
export interface ApiCall {
  label: string;
  permission:
    | 'deployments: read'
    | 'deployments: write'
    | 'contents: read'
    | 'contents: write'
    | 'pull-requests: write';
}

/** GitHub refused the token (401, 403): the workflow must grant a permission or a token. */
export class GitHubAccessError extends ConfigurationError {
  override name = 'GitHubAccessError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Any other failed call: GitHub answered with an error, or could not be reached. */
export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** Runs one call; any failure becomes an error naming the call and GitHub's answer, never the token. */
export async function apiCall<T>(call: ApiCall, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw apiError(call, error);
  }
}

export function apiError(call: ApiCall, error: unknown): GitHubAccessError | GitHubApiError {
  const said = serverMessage(error);
  const status = statusOf(error);
  const answered = status === undefined ? `got no answer (${said})` : `answered ${status}${said ? ` (${said})` : ''}`;
  const message = `GitHub API ${call.label} ${answered}`;
  if (status === 403 && /rate limit/i.test(said))
    return new GitHubApiError(`${message}: rate limited; wait for the limit to reset and run again`, status);
  if (status === 403)
    return new GitHubAccessError(
      `${message}: the token lacks '${call.permission}'; add it to the job's permissions: block`,
      status,
    );
  if (status === 401)
    return new GitHubAccessError(`${message}: the token was refused; pass a valid github-token`, status);
  return new GitHubApiError(message, status);
}

/** GitHub's HTTP status; undefined when no answer came (Octokit calls that a 500 without a response). */
export function statusOf(error: unknown): number | undefined {
  const failed = error as { status?: unknown; response?: unknown } | null;
  return typeof failed?.status === 'number' && failed.response !== undefined ? failed.status : undefined;
}

/**
 * What GitHub said: the response's `message` (Octokit's RequestError keeps the body), else the error's
 * own message. Server text is outside input: one line, printable, short.
 */
function serverMessage(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  const fromBody = (data as { message?: unknown } | null | undefined)?.message;
  const text = typeof fromBody === 'string' ? fromBody : errorMessage(error);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}
