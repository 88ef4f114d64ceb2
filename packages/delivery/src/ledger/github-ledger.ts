import { getOctokit } from '@actions/github';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { type Clock, systemClock } from '../clock';
import { type ApiCall, apiCall, apiError, GitHubApiError, statusOf } from './github-api';
import { acquireRefLock } from './github-lock';
import type { NewRelease, Release, ReleaseLedger, ReleaseOutcome } from './ledger';
import { withoutUndefined } from './store-helpers';

export interface GitHubLedgerOptions {
  /** Needs `deployments: write` (the releases) and `contents: write` (the rollback lock's git ref). */
  token: string;
  repository: { owner: string; repo: string };
  /** GITHUB_API_URL; GitHub Enterprise Server has its own. */
  apiUrl?: string;
  /** The commit deployed when a release names none (GITHUB_SHA); also what the lock's tag points at. */
  defaultRef: string;
  /** A link to the run, shown on each status (GitHub's `log_url`). */
  logUrl?: string;
  /** A rollback lock older than this belongs to a crashed job and is broken (default 15 minutes). */
  lockExpiryMs?: number;
  /** How often a waiting rollback looks at the lock again (default 2 s). */
  lockPollMs?: number;
  clock?: Clock;
}

/** The key of ccm's fields in a deployment's payload; a deployment without it was made by another tool. */
const PAYLOAD_KEY = 'ccm';
/** GitHub caps a deployment status' description at 140 characters. */
const MAX_DESCRIPTION = 140;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** ccm's fields of a release, kept in the deployment's payload. */
type PayloadFields = Pick<NewRelease, 'version' | 'digest' | 'commit' | 'runId' | 'source' | 'replaces'>;

/** The fields of GitHub's deployment and deployment status objects the ledger reads. */
interface DeploymentData {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  payload: unknown;
  created_at: string;
  updated_at: string;
}
interface StatusData {
  state: string;
  description?: string | null;
  created_at: string;
}

/**
 * The release ledger on GitHub Deployments (`ledger: github`): a release is a deployment of the
 * environment (task `deploy`, ccm's fields in its payload) and its outcome the newest deployment
 * status. Nothing to host, and the repository's Environments page shows every release.
 *
 * Statuses are written with `auto_inactive: false`: GitHub's default marks the environment's earlier
 * successful deployments `inactive`, which would erase what the ledger knows of good releases. When
 * reading, `inactive` (only "no longer live", which other tools set) is passed over: the newest
 * other status decides.
 *
 * The token needs `deployments: write` (releases) and `contents: write` (the rollback lock is a git
 * ref, see github-lock.ts). The lock is the second line of defence; the first is a workflow-level
 * `concurrency: { group: rollback-<environment>, cancel-in-progress: false }`, which queues runs of
 * one workflow before they start. Reading costs one request per 100 deployments plus one per release
 * read, so a rollback that stops at the first good release stays far below the rate limit.
 */
export function githubLedger(options: GitHubLedgerOptions): ReleaseLedger {
  const { repository, defaultRef } = options;
  const octokit = getOctokit(options.token, options.apiUrl ? { baseUrl: options.apiUrl } : {});
  const repo = `/repos/${repository.owner}/${repository.repo}`;
  const write = (label: string): ApiCall => ({ label, permission: 'deployments: write' });
  const read = (label: string): ApiCall => ({ label, permission: 'deployments: read' });

  const createStatus = (deploymentId: number, outcome: ReleaseOutcome, description: string | undefined) =>
    apiCall(write(`POST ${repo}/deployments/${deploymentId}/statuses`), () =>
      octokit.rest.repos.createDeploymentStatus({
        ...repository,
        deployment_id: deploymentId,
        state: outcome,
        description: truncate(description ?? ''),
        auto_inactive: false,
        ...(options.logUrl ? { log_url: options.logUrl } : {}),
      }),
    ).then((response) => response.data as StatusData);

  /** The newest status that is not `inactive`, reading the deployment's statuses only as far as needed. */
  const decidingStatus = async (id: number): Promise<StatusData | undefined> => {
    const call = read(`GET ${repo}/deployments/${id}/statuses`);
    const pages = octokit.paginate.iterator(octokit.rest.repos.listDeploymentStatuses, {
      ...repository,
      deployment_id: id,
      per_page: 100,
    });
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const page = await apiCall(call, () => iterator.next());
      if (page.done) return undefined;
      const found = (page.value.data as StatusData[]).find((status) => status.state !== 'inactive');
      if (found) {
        await iterator.return?.();
        return found;
      }
    }
  };

  return {
    name: 'github',
    async record(release: NewRelease) {
      const fields: PayloadFields = withoutUndefined({
        version: release.version,
        digest: release.digest,
        commit: release.commit,
        runId: release.runId,
        source: release.source,
        replaces: release.replaces,
      });
      const created = await apiCall(write(`POST ${repo}/deployments`), () =>
        octokit.rest.repos.createDeployment({
          ...repository,
          ref: release.commit ?? defaultRef,
          environment: release.environment,
          task: 'deploy',
          // The release was built and checked before: nothing to merge, no commit statuses to wait on.
          auto_merge: false,
          required_contexts: [],
          payload: { [PAYLOAD_KEY]: fields },
          description: truncate(`${release.version}${release.source ? ` by ${release.source}` : ''}`),
        }),
      );
      // 202 is GitHub's answer when it merged the default branch in instead; auto_merge is off, so unexpected.
      if (!('id' in created.data)) {
        throw new GitHubApiError(
          `GitHub API POST ${repo}/deployments answered ${created.status} without a deployment: ${String((created.data as { message?: unknown }).message ?? '').slice(0, 200)}`,
          created.status,
        );
      }
      const deployment = checkDeployment(created.data, `POST ${repo}/deployments`);
      const status = await createStatus(deployment.id, release.outcome, release.description);
      return toRelease(deployment, status);
    },

    async setOutcome(id: string, outcome: ReleaseOutcome, description?: string) {
      if (!/^[1-9][0-9]{0,15}$/.test(id)) throw new ConfigurationError(`github: no release with id ${id}`);
      const label = `GET ${repo}/deployments/${id}`;
      let data: unknown;
      try {
        data = (await octokit.rest.repos.getDeployment({ ...repository, deployment_id: Number(id) })).data;
      } catch (error) {
        if (statusOf(error) === 404) throw new ConfigurationError(`github: no release with id ${id} (${label}: 404)`);
        throw apiError(read(label), error);
      }
      const deployment = checkDeployment(data, label);
      return toRelease(deployment, await createStatus(deployment.id, outcome, description));
    },

    async *history(environment: string) {
      const call = read(`GET ${repo}/deployments?environment=${encodeURIComponent(environment)}`);
      const pages = octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
        ...repository,
        environment,
        per_page: 100,
      });
      const iterator = pages[Symbol.asyncIterator]();
      for (;;) {
        const page = await apiCall(call, () => iterator.next());
        if (page.done) return;
        for (const data of page.value.data as unknown[]) {
          const deployment = checkDeployment(data, call.label);
          yield toRelease(deployment, await decidingStatus(deployment.id));
        }
      }
    },

    lock: (environment: string, holder: string, waitMs: number) =>
      acquireRefLock(
        {
          octokit,
          repository,
          commit: defaultRef,
          expiryMs: options.lockExpiryMs ?? 15 * 60_000,
          pollMs: options.lockPollMs ?? 2_000,
          clock: options.clock ?? systemClock,
        },
        environment,
        holder,
        waitMs,
      ),
  };
}

/** A deployment as GitHub sent it: outside input, so its fields are checked before use. */
function checkDeployment(data: unknown, label: string): DeploymentData {
  const d = data as Partial<DeploymentData> | null;
  if (
    typeof d?.id !== 'number' ||
    typeof d.ref !== 'string' ||
    typeof d.sha !== 'string' ||
    typeof d.environment !== 'string' ||
    typeof d.created_at !== 'string' ||
    typeof d.updated_at !== 'string'
  ) {
    throw new GitHubApiError(
      `GitHub API ${label} answered with a deployment missing id, ref, sha, environment or dates`,
      200,
    );
  }
  return d as DeploymentData;
}

/** A deployment and its deciding status as a release; no status (or only `inactive` ones) is in progress. */
function toRelease(deployment: DeploymentData, status: StatusData | undefined): Release {
  const fields = payloadFields(deployment);
  return withoutUndefined({
    id: String(deployment.id),
    environment: deployment.environment,
    // A deployment made by another tool has no ccm payload, yet is a release all the same: what it
    // deployed is its ref (a tag or branch name, or a sha) and its commit the sha GitHub resolved.
    version: fields?.version ?? (deployment.ref || deployment.sha),
    digest: fields?.digest,
    commit: fields ? fields.commit : deployment.sha,
    runId: fields?.runId,
    source: fields?.source,
    replaces: fields?.replaces,
    outcome: outcomeOf(status?.state),
    // Status fields are outside input too: only text is taken as text.
    description: typeof status?.description === 'string' && status.description ? status.description : undefined,
    createdAt: deployment.created_at,
    updatedAt: typeof status?.created_at === 'string' ? status.created_at : deployment.updated_at,
  }) as Release;
}

function outcomeOf(state: string | undefined): ReleaseOutcome {
  if (state === 'success') return 'success';
  if (state === 'failure' || state === 'error') return 'failure';
  // in_progress, queued, pending, none yet, or a state GitHub adds later: not known to be good.
  return 'in_progress';
}

/**
 * ccm's fields from the payload (an object, or a JSON string when another client sent one), checked:
 * a rollback trusts the digest and version it reads here.
 */
function payloadFields(deployment: DeploymentData): PayloadFields | undefined {
  let payload = deployment.payload;
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload) as unknown;
    } catch {
      return undefined; // another tool's text payload
    }
  }
  const fields = (payload as Record<string, unknown> | null)?.[PAYLOAD_KEY];
  if (fields === undefined || fields === null) return undefined;
  const where = `deployment ${deployment.id}'s payload.${PAYLOAD_KEY}`;
  const f = fields as Record<string, unknown>;
  if (typeof f !== 'object' || typeof f.version !== 'string' || f.version === '')
    throw new GitHubApiError(`${where} has no version`, undefined);
  for (const key of ['digest', 'commit', 'runId', 'source', 'replaces'] as const) {
    if (f[key] !== undefined && typeof f[key] !== 'string')
      throw new GitHubApiError(`${where}.${key} is not a string`, undefined);
  }
  if (f.digest !== undefined && !DIGEST.test(f.digest as string))
    throw new GitHubApiError(`${where}.digest is not sha256:<64 hex>`, undefined);
  return f as PayloadFields;
}

function truncate(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}
