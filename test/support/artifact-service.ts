import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Azurite, azuriteContainer, startAzurite } from './azurite';
import { createRuntimeToken, readTwirpCall, sendJson, sendTwirpError, serveOnLoopback } from './twirp';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
const RPCS = ['CreateArtifact', 'FinalizeArtifact', 'ListArtifacts', 'GetSignedArtifactURL', 'DeleteArtifact'] as const;
type Rpc = (typeof RPCS)[number];
const REPOSITORY = 'ccm-test/ccm';

/** One workflow run: its REST id, its backend ids, and the variables that make a job of it. */
export interface ArtifactRun {
  runId: number;
  runBackendId: string;
  /**
   * ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN (a JWT whose `scp` names this run), GITHUB_SERVER_URL=https://github.com
   * (anything else reads as GHES, which @actions/artifact refuses) and GITHUB_API_URL (this service's REST routes).
   * @actions/github reads GITHUB_API_URL once, when it is first imported: set it before loading the client.
   */
  env: Record<string, string>;
}

export interface StoredArtifact {
  id: number;
  runBackendId: string;
  name: string;
  finalized: boolean;
  size?: number;
  /** `sha256:<hex>` of the uploaded bytes, as the client reports it at finalize. */
  digest?: string;
}

export interface ArtifactService extends ArtifactRun {
  /** `owner/name` the REST routes answer for. */
  repository: string;
  /** The token the REST routes accept (`actions: read` on repository). */
  apiToken: string;
  /** Another workflow run of the same repository (a later pipeline stage that fetches by digest). */
  createRun(): ArtifactRun;
  artifacts(): StoredArtifact[];
  /** Replaces the stored bytes of a finalized artifact in Azurite (a tampered store). */
  overwrite(runBackendId: string, name: string, bytes: Buffer): Promise<void>;
  /** Requests seen, in order: the Twirp RPC or `GET <path>`, and the parsed JSON body. */
  requests: { rpc: string; body: unknown }[];
  stop(): Promise<void>;
}

/**
 * The GitHub Actions artifact service (v2, Twirp `ArtifactService`) on loopback, storing blobs in a
 * real Azurite: the RPCs @actions/artifact 6.2.1 calls, with artifact names unique per run (a second
 * CreateArtifact is 409) and listing by run. Also the two REST routes the client uses to find and
 * download another run's artifacts (`findBy`). Blob transfers go straight to Azurite through SAS URLs.
 */
export async function startArtifactService(options: { azurite?: Azurite } = {}): Promise<ArtifactService> {
  const azurite = options.azurite ?? (await startAzurite());
  const ownsAzurite = options.azurite === undefined;
  try {
    return await serve(azurite, ownsAzurite);
  } catch (error) {
    if (ownsAzurite) await azurite.stop();
    throw error;
  }
}

interface Row extends StoredArtifact {
  jobBackendId: string;
  blobName: string;
  mimeType: string;
  createdAt: string;
}

async function serve(azurite: Azurite, ownsAzurite: boolean): Promise<ArtifactService> {
  const secret = randomBytes(32).toString('hex');
  const apiToken = `ghs_${randomBytes(18).toString('hex')}`;
  const blobs = await azuriteContainer(azurite, `artifacts-${randomBytes(6).toString('hex')}`);
  const runs: { runId: number; runBackendId: string }[] = [];
  const rows: Row[] = [];
  const requests: { rpc: string; body: unknown }[] = [];
  let nextId = 1;

  const inRun = (runBackendId: string) => rows.filter((r) => r.runBackendId === runBackendId);
  const finalized = (runBackendId: string, name: string) =>
    inRun(runBackendId).find((r) => r.name === name && r.finalized);

  const handlers: Record<Rpc, (body: Record<string, unknown>, run: string) => Answer> = {
    CreateArtifact: (body, run) => {
      const name = text(body.name);
      if (!name) return twirpError(400, 'name is required');
      // Names are unique per run: the real service answers a second upload of a name with 409.
      if (inRun(run).some((r) => r.name === name)) {
        return twirpError(409, 'an artifact with this name already exists on the workflow run');
      }
      const id = nextId++;
      rows.push({
        id,
        runBackendId: run,
        jobBackendId: text(body.workflow_job_run_backend_id),
        name,
        finalized: false,
        blobName: `${id}/${name}`,
        mimeType: text(body.mime_type) || 'application/zip',
        createdAt: new Date().toISOString(),
      });
      return ok({ ok: true, signed_upload_url: blobs.signedUrl(`${id}/${name}`, 'cw') });
    },
    FinalizeArtifact: (body, run) => {
      const row = inRun(run).find((r) => r.name === text(body.name) && !r.finalized);
      if (!row) return twirpError(404, `no artifact named ${text(body.name)} is being uploaded in this run`);
      row.finalized = true;
      row.size = Number(body.size ?? 0);
      row.digest = text(body.hash) || undefined;
      return ok({ ok: true, artifact_id: String(row.id) });
    },
    ListArtifacts: (body, run) => {
      const nameFilter = body.name_filter === undefined ? undefined : text(body.name_filter);
      const idFilter = body.id_filter === undefined ? undefined : Number(body.id_filter);
      const artifacts = inRun(run)
        .filter((r) => r.finalized)
        .filter((r) => nameFilter === undefined || r.name === nameFilter)
        .filter((r) => idFilter === undefined || r.id === idFilter)
        .map((r) => ({
          workflow_run_backend_id: r.runBackendId,
          workflow_job_run_backend_id: r.jobBackendId,
          database_id: String(r.id),
          name: r.name,
          size: String(r.size ?? 0),
          created_at: r.createdAt,
          ...(r.digest ? { digest: r.digest } : {}),
        }));
      return ok({ artifacts });
    },
    GetSignedArtifactURL: (body, run) => {
      const row = finalized(run, text(body.name));
      if (!row) return twirpError(404, `no artifact named ${text(body.name)} in this run`);
      return ok({ signed_url: blobs.signedUrl(row.blobName, 'r') });
    },
    DeleteArtifact: (body, run) => {
      const row = finalized(run, text(body.name));
      if (!row) return twirpError(404, `no artifact named ${text(body.name)} in this run`);
      rows.splice(rows.indexOf(row), 1);
      return ok({ ok: true, artifact_id: String(row.id) });
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && url.pathname.startsWith('/repos/')) return handleRest(request, response, url);
    const call = await readTwirpCall(request, response, { service: SERVICE, methods: RPCS, secret, requests });
    if (!call) return;
    const { rpc, body, claims } = call;
    const fields = isObject(body) ? body : {};
    // A job may only touch its own run's artifacts: the run in the body must be the token's.
    const run = text(fields.workflow_run_backend_id);
    if (!claims.scp.split(' ').some((scope) => scope.startsWith(`Actions.Results:${run}:`))) {
      return sendTwirpError(response, 403, 'the token is not scoped to this workflow run');
    }
    const answer = handlers[rpc](fields, run);
    sendJson(response, answer.status, answer.payload);
  }

  /** The REST API's `GET .../runs/{run_id}/artifacts` and `GET .../artifacts/{id}/zip` (a 302 to the blob). */
  function handleRest(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const [status, payload, headers] = restAnswer(request, url);
    if (status === 302) {
      response.writeHead(302, headers);
      response.end();
    } else sendJson(response, status, payload);
  }

  function restAnswer(request: IncomingMessage, url: URL): [number, unknown, Record<string, string | number>?] {
    requests.push({ rpc: `GET ${url.pathname}`, body: Object.fromEntries(url.searchParams) });
    // Octokit sends `token <t>`; GitHub accepts `bearer <t>` too.
    const given = (request.headers.authorization ?? '').replace(/^(token|bearer) /i, '');
    if (given !== apiToken) return [401, { message: 'Bad credentials' }];
    const list = new RegExp(`^/repos/${REPOSITORY}/actions/runs/(\\d+)/artifacts$`).exec(url.pathname);
    const download = new RegExp(`^/repos/${REPOSITORY}/actions/artifacts/(\\d+)/zip$`).exec(url.pathname);
    if (list) {
      const run = runs.find((r) => r.runId === Number(list[1]));
      if (!run) return [404, { message: 'Not Found' }];
      const name = url.searchParams.get('name');
      const artifacts = inRun(run.runBackendId)
        .filter((r) => r.finalized && (name === null || r.name === name))
        .map((r) => ({
          id: r.id,
          name: r.name,
          size_in_bytes: r.size ?? 0,
          created_at: r.createdAt,
          expired: false,
          digest: r.digest ?? null,
          workflow_run: { id: run.runId },
        }));
      return [200, { total_count: artifacts.length, artifacts }];
    }
    const row = download && rows.find((r) => r.id === Number(download[1]) && r.finalized);
    if (!row) return [404, { message: 'Not Found' }];
    return [302, undefined, { location: blobs.signedUrl(row.blobName, 'r'), 'content-length': 0 }];
  }

  const server = await serveOnLoopback(handle);
  const { origin } = server;

  function createRun(): ArtifactRun {
    const run = { runId: 1000 + runs.length, runBackendId: randomUUID() };
    runs.push(run);
    const token = createRuntimeToken(secret, { runBackendId: run.runBackendId, jobBackendId: randomUUID() });
    return {
      ...run,
      env: {
        ACTIONS_RESULTS_URL: `${origin}/`,
        ACTIONS_RUNTIME_TOKEN: token,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: origin,
      },
    };
  }

  return {
    ...createRun(),
    repository: REPOSITORY,
    apiToken,
    createRun,
    artifacts: () =>
      rows.map(({ id, runBackendId, name, finalized, size, digest }) => ({
        id,
        runBackendId,
        name,
        finalized,
        ...(size === undefined ? {} : { size }),
        ...(digest === undefined ? {} : { digest }),
      })),
    async overwrite(runBackendId, name, bytes) {
      const row = finalized(runBackendId, name);
      if (!row) throw new Error(`no finalized artifact ${name} in run ${runBackendId}`);
      await blobs.upload(row.blobName, bytes, row.mimeType);
    },
    requests,
    async stop() {
      await server.close();
      if (ownsAzurite) await azurite.stop();
    },
  };
}

interface Answer {
  status: number;
  payload: unknown;
}

const ok = (payload: unknown): Answer => ({ status: 200, payload });

function twirpError(status: number, msg: string): Answer {
  const code = { 400: 'invalid_argument', 404: 'not_found', 409: 'already_exists' }[status] ?? 'internal';
  return { status, payload: { code, msg } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
