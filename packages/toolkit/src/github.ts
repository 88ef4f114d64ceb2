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
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (owner && repo) context.repository = { owner, repo };
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    context.runUrl = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const pr = event?.pull_request;
  if (pr && /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) {
    const head = pr.head.repo?.full_name;
    // A deleted fork has no head repo: treat it as a fork, its token is read-only too.
    const fromFork = head === undefined || head === null || head !== (pr.base.repo?.full_name ?? env.GITHUB_REPOSITORY);
    context.pullRequest = { number: pr.number, baseRef: pr.base.ref, fromFork };
  }
  return context;
}

function readEvent(path: string | undefined): PullRequestEvent | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PullRequestEvent;
  } catch {
    return undefined;
  }
}

/** A pull request's comments through the REST API: find by marker, create, update. */
export function githubCommentStore(token: string, repository: { owner: string; repo: string }, issueNumber: number) {
  const octokit = getOctokit(token);
  const where = { ...repository, issue_number: issueNumber };
  return {
    async find(marker: string): Promise<number | undefined> {
      for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...where,
        per_page: 100,
      })) {
        const found = page.data.find((comment) => comment.body?.includes(marker));
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
