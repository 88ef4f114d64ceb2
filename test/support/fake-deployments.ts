import { readJsonBody, sendJson, serveOnLoopback } from './twirp';

export interface RecordedDeployment {
  id: number;
  ref: string;
  environment: string;
  task: string;
  statuses: { state: string; description: string; environment?: string; log_url?: string }[];
}

const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];

/**
 * The two Deployments endpoints of the GitHub REST API the ledger uses (create a deployment, create
 * a deployment status), on loopback, answering with the documented shapes and 422 on a body the
 * real API rejects, so the real @actions/github client talks HTTP to something that answers like GitHub.
 */
export async function fakeDeployments() {
  const deployments: RecordedDeployment[] = [];
  const authorizations: string[] = [];
  let nextId = 5000;
  const server = await serveOnLoopback(async (request, response) => {
    authorizations.push(request.headers.authorization ?? '');
    const url = new URL(request.url ?? '/', 'http://localhost');
    const create = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(url.pathname);
    const status = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(url.pathname);
    if (!request.headers.authorization) return sendJson(response, 401, { message: 'Requires authentication' });
    const body = (await readJsonBody(request)) as Record<string, unknown>;
    const repoUrl =
      create || status ? `${server.origin}/repos/${(create ?? status)?.[1]}/${(create ?? status)?.[2]}` : '';
    if (create && request.method === 'POST') {
      if (typeof body.ref !== 'string' || body.ref === '')
        return sendJson(response, 422, { message: 'ref is required' });
      if (body.required_contexts !== undefined && !Array.isArray(body.required_contexts)) {
        return sendJson(response, 422, { message: 'required_contexts must be an array' });
      }
      const deployment: RecordedDeployment = {
        id: nextId++,
        ref: body.ref,
        environment: typeof body.environment === 'string' ? body.environment : 'production',
        task: typeof body.task === 'string' ? body.task : 'deploy',
        statuses: [],
      };
      deployments.push(deployment);
      return sendJson(response, 201, {
        url: `${repoUrl}/deployments/${deployment.id}`,
        id: deployment.id,
        node_id: `DE_${deployment.id}`,
        sha: deployment.ref,
        ref: deployment.ref,
        task: deployment.task,
        payload: {},
        original_environment: deployment.environment,
        environment: deployment.environment,
        description: body.description ?? null,
        creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        statuses_url: `${repoUrl}/deployments/${deployment.id}/statuses`,
        repository_url: repoUrl,
        transient_environment: false,
        production_environment: false,
      });
    }
    if (status && request.method === 'POST') {
      const deployment = deployments.find((d) => d.id === Number(status[3]));
      if (!deployment) return sendJson(response, 404, { message: 'Not Found' });
      if (typeof body.state !== 'string' || !STATES.includes(body.state)) {
        return sendJson(response, 422, { message: `state must be one of ${STATES.join(', ')}` });
      }
      const recorded = {
        state: body.state,
        description: String(body.description ?? ''),
        ...(typeof body.environment === 'string' ? { environment: body.environment } : {}),
        ...(typeof body.log_url === 'string' ? { log_url: body.log_url } : {}),
      };
      deployment.statuses.push(recorded);
      return sendJson(response, 201, {
        url: `${repoUrl}/deployments/${deployment.id}/statuses/${deployment.statuses.length}`,
        id: deployment.statuses.length,
        node_id: `DES_${deployment.statuses.length}`,
        ...recorded,
        creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        deployment_url: `${repoUrl}/deployments/${deployment.id}`,
        repository_url: repoUrl,
      });
    }
    sendJson(response, 404, { message: 'Not Found' });
  });
  return { url: server.origin, deployments, authorizations, close: server.close };
}
