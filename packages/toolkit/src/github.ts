import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getOctokit } from '@actions/github';

/** What a step knows about its run, read once from the runner's environment. */
export interface RunnerContext {
  workspace: string;
  tempDir: string;
  repository?: { owner: string; repo: string };
  pullRequest?: { number: number; baseRef: string; fromFork: boolean };
  runUrl?: string;
}

interface PullRequestEvent {
  pull_request?: {
    number: number;
    base: { ref: string; repo?: { full_name?: string } };
    head: { repo?: { full_name?: string } | null };
  };
}

export function runnerContext(env: NodeJS.ProcessEnv = process.env): RunnerContext {
  const context: RunnerContext = {
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    tempDir: env.RUNNER_TEMP || tmpdir(),
  };
  const repository = repositoryOf(env);
  if (repository) context.repository = repository;
  const runUrl = runUrlOf(env);
  if (runUrl) context.runUrl = runUrl;
  const pullRequest = pullRequestOf(env);
  if (pullRequest) context.pullRequest = pullRequest;
  return context;
}

/** `owner/repo` from GITHUB_REPOSITORY. */
function repositoryOf(env: NodeJS.ProcessEnv): RunnerContext['repository'] {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return owner && repo ? { owner, repo } : undefined;
}

/** The link to this run's page. */
function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}

/** The pull request of a pull_request or pull_request_target event, from the event payload. */
function pullRequestOf(env: NodeJS.ProcessEnv): RunnerContext['pullRequest'] {
  if (!/^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) return undefined;
  const pr = readEvent(env.GITHUB_EVENT_PATH)?.pull_request;
  if (!pr) return undefined;
  const head = pr.head.repo?.full_name;
  // A deleted fork has no head repo: treat it as a fork, its token is read-only too.
  const fromFork = head === undefined || head === null || head !== (pr.base.repo?.full_name ?? env.GITHUB_REPOSITORY);
  return { number: pr.number, baseRef: pr.base.ref, fromFork };
}

function readEvent(path: string | undefined): PullRequestEvent | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PullRequestEvent;
  } catch {
    return undefined;
  }
}

/**
 * A pull request's comments through the REST API: find by marker, create, update. `apiUrl` is the
 * REST API's root, GITHUB_API_URL on a runner (GitHub Enterprise Server has its own).
 */
export function githubCommentStore(
  token: string,
  repository: { owner: string; repo: string },
  issueNumber: number,
  apiUrl: string | undefined = process.env.GITHUB_API_URL,
) {
  const octokit = getOctokit(token, apiUrl ? { baseUrl: apiUrl } : {});
  const where = { ...repository, issue_number: issueNumber };
  return {
    async find(marker: string): Promise<number | undefined> {
      const ours = ownComments(await tokenLogin(octokit));
      for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...where,
        per_page: 100,
      })) {
        const found = page.data.find((comment) => ours(comment.user) && comment.body?.includes(marker));
        if (found) return found.id;
      }
      return undefined;
    },
    async create(body: string): Promise<void> {
      await octokit.rest.issues.createComment({ ...where, body });
    },
    async update(id: number, body: string): Promise<void> {
      await octokit.rest.issues.updateComment({ ...repository, comment_id: id, body });
    },
  };
}

type Octokit = ReturnType<typeof getOctokit>;

/**
 * Whose comments this token may update: only its own, so a marker quoted in someone else's comment
 * never makes us rewrite it. A personal token knows its login (`GET /user`); an installation token
 * (the workflow's GITHUB_TOKEN, a GitHub App's) is refused that call and writes as a bot.
 */
function ownComments(login: string | undefined): (user: { login: string; type: string } | null | undefined) => boolean {
  return (user) => (login === undefined ? user?.type === 'Bot' : user?.login === login);
}

async function tokenLogin(octokit: Octokit): Promise<string | undefined> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 401 || status === 403) return undefined;
    throw error;
  }
}
