import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendJson, serveOnLoopback } from './twirp';

/**
 * The parts of the GitHub REST API the release ledger uses, in memory on loopback, answering with the
 * shapes docs.github.com documents ("REST API endpoints for deployments", "... for deployment
 * statuses", "... for Git references", "... for Git tags", "Using pagination in the REST API"):
 *
 * - deployments: create (201), list newest first filtered by environment/ref/sha/task, get one;
 * - deployment statuses: create (201; `auto_inactive` marks the environment's earlier successful
 *   deployments inactive, GitHub's default), list newest first;
 * - git refs: create (201, or 422 "Reference already exists"), get (`/git/ref/{ref}`), delete (204);
 * - git tags (annotated tag objects): create, get.
 *
 * Lists page with `per_page` (default 30, at most 100) and `page`, and send a `Link` header with
 * `next`/`last` (and `prev`/`first` past page one) as GitHub does. Every commit SHA (40 hex) counts as
 * an existing commit. `permissions` plays a fine-grained token: a missing one answers 403 with
 * GitHub's "Resource not accessible by integration". Every request is recorded (its path decoded) so
 * tests can count.
 */

type Access = 'none' | 'read' | 'write';
export interface FakePermissions {
  deployments: Access;
  contents: Access;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  authorization?: string;
}

interface Deployment {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  created_at: string;
  updated_at: string;
}
interface Status {
  id: number;
  state: string;
  description: string;
  environment: string;
  log_url: string;
  created_at: string;
  updated_at: string;
}
interface TagObject {
  sha: string;
  tag: string;
  message: string;
  tagger: { name: string; email: string; date: string };
  object: { type: string; sha: string };
}

const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
const SHA = /^[0-9a-f]{40}$/;
const CREATOR = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

export async function fakeDeploymentsApi(options: { permissions?: Partial<FakePermissions> } = {}) {
  const permissions: FakePermissions = { deployments: 'write', contents: 'write', ...options.permissions };
  const deployments: Deployment[] = [];
  const statuses = new Map<number, Status[]>();
  const refs = new Map<string, string>(); // 'refs/...' -> sha
  const tags = new Map<string, TagObject>();
  const requests: FakeRequest[] = [];
  const failures: { status: number; message: string; matches: (request: FakeRequest) => boolean }[] = [];
  let nextId = 1_000_000;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  // Distinct, increasing times, as a busy repository's would be.
  const now = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const addStatus = (d: Deployment, state: string, description: string, logUrl = '') => {
    const at = now();
    const status: Status = {
      id: nextId++,
      state,
      description,
      environment: d.environment,
      log_url: logUrl,
      created_at: at,
      updated_at: at,
    };
    statuses.set(d.id, [...(statuses.get(d.id) ?? []), status]);
    d.updated_at = at;
    return status;
  };

  const server = await serveOnLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = (await readJsonBody(request)) as Record<string, unknown>;
    const method = request.method ?? 'GET';
    requests.push({
      method,
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      body,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    });
    if (!request.headers.authorization) return sendJson(response, 401, { message: 'Requires authentication' });
    const failure = failures.find((f) => f.matches(requests.at(-1) as FakeRequest));
    if (failure) return sendJson(response, failure.status, { message: failure.message });
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!match) return notFound(response);
    const repoUrl = `${server.origin}/repos/${match[1]}/${match[2]}`;
    const rest = match[3] as string;
    const refJson = (name: string, sha: string) => ({
      ref: name,
      node_id: `REF_${name}`,
      url: `${repoUrl}/git/${name}`,
      object: {
        type: tags.has(sha) ? 'tag' : 'commit',
        sha,
        url: `${repoUrl}/git/${tags.has(sha) ? 'tags' : 'commits'}/${sha}`,
      },
    });
    const deploymentOf = (m: RegExpExecArray) => deployments.find((d) => d.id === Number(m[1]));
    const allowed = (scope: keyof FakePermissions, need: 'read' | 'write') =>
      permissions[scope] === 'write' || (need === 'read' && permissions[scope] === 'read');
    const deny = (response: ServerResponse) =>
      sendJson(response, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      });

    const deploymentJson = (d: Deployment) => ({
      url: `${repoUrl}/deployments/${d.id}`,
      id: d.id,
      node_id: `DE_${d.id}`,
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.environment,
      environment: d.environment,
      description: d.description,
      creator: CREATOR,
      created_at: d.created_at,
      updated_at: d.updated_at,
      statuses_url: `${repoUrl}/deployments/${d.id}/statuses`,
      repository_url: repoUrl,
      transient_environment: false,
      production_environment: false,
    });
    const statusJson = (d: Deployment, s: Status) => ({
      url: `${repoUrl}/deployments/${d.id}/statuses/${s.id}`,
      id: s.id,
      node_id: `DES_${s.id}`,
      state: s.state,
      creator: CREATOR,
      description: s.description,
      environment: s.environment,
      target_url: s.log_url,
      log_url: s.log_url,
      environment_url: '',
      created_at: s.created_at,
      updated_at: s.updated_at,
      deployment_url: `${repoUrl}/deployments/${d.id}`,
      repository_url: repoUrl,
    });
    type Handler = (m: RegExpExecArray) => void | Promise<void>;
    const routes: [string, RegExp, Handler][] = [
      [
        'POST',
        /^\/deployments$/,
        (_m) => {
          if (!allowed('deployments', 'write')) return deny(response);
          const ref = body.ref;
          if (typeof ref !== 'string' || ref === '') return invalid(response, 'ref is required');
          const sha = SHA.test(ref) ? ref : refs.get(`refs/heads/${ref}`);
          if (!sha) return sendJson(response, 422, { message: `No ref found for: ${ref}` });
          if (body.required_contexts !== undefined && !Array.isArray(body.required_contexts))
            return invalid(response, 'required_contexts must be an array');
          if (body.payload !== undefined && typeof body.payload !== 'object' && typeof body.payload !== 'string')
            return invalid(response, 'payload must be an object or a string');
          const at = now();
          const deployment: Deployment = {
            id: nextId++,
            ref,
            sha,
            task: typeof body.task === 'string' ? body.task : 'deploy',
            environment: typeof body.environment === 'string' ? body.environment : 'production',
            description: typeof body.description === 'string' ? body.description : null,
            payload: body.payload ?? {},
            created_at: at,
            updated_at: at,
          };
          deployments.push(deployment);
          return sendJson(response, 201, deploymentJson(deployment));
        },
      ],
      [
        'GET',
        /^\/deployments$/,
        (_m) => {
          if (!allowed('deployments', 'read')) return deny(response);
          const filters = ['environment', 'ref', 'sha', 'task'] as const;
          const found = deployments
            .filter((d) => filters.every((f) => !url.searchParams.has(f) || d[f] === url.searchParams.get(f)))
            .reverse();
          return sendPage(request, response, server.origin, found.map(deploymentJson));
        },
      ],
      [
        'GET',
        /^\/deployments\/(\d+)$/,
        (m) => {
          if (!allowed('deployments', 'read')) return deny(response);
          const deployment = deploymentOf(m);
          return deployment ? sendJson(response, 200, deploymentJson(deployment)) : notFound(response);
        },
      ],
      [
        'POST',
        /^\/deployments\/(\d+)\/statuses$/,
        (m) => {
          if (!allowed('deployments', 'write')) return deny(response);
          const deployment = deploymentOf(m);
          if (!deployment) return notFound(response);
          const state = body.state;
          if (typeof state !== 'string' || !STATES.includes(state))
            return invalid(response, `state must be one of ${STATES.join(', ')}`);
          if (typeof body.description === 'string' && body.description.length > 140)
            return invalid(response, 'description is too long (maximum is 140 characters)');
          if (typeof body.environment === 'string') deployment.environment = body.environment;
          // GitHub's default: a success marks the environment's earlier successful deployments inactive.
          if (state === 'success' && body.auto_inactive !== false) {
            for (const earlier of deployments) {
              const newest = statuses.get(earlier.id)?.at(-1);
              if (
                earlier !== deployment &&
                earlier.environment === deployment.environment &&
                newest?.state === 'success'
              )
                addStatus(earlier, 'inactive', '');
            }
          }
          const logUrl = typeof body.log_url === 'string' ? body.log_url : '';
          const status = addStatus(deployment, state, String(body.description ?? ''), logUrl);
          return sendJson(response, 201, statusJson(deployment, status));
        },
      ],
      [
        'GET',
        /^\/deployments\/(\d+)\/statuses$/,
        (m) => {
          if (!allowed('deployments', 'read')) return deny(response);
          const deployment = deploymentOf(m);
          if (!deployment) return notFound(response);
          const list = [...(statuses.get(deployment.id) ?? [])].reverse().map((s) => statusJson(deployment, s));
          return sendPage(request, response, server.origin, list);
        },
      ],

      [
        'POST',
        /^\/git\/refs$/,
        (_m) => {
          if (!allowed('contents', 'write')) return deny(response);
          const { ref, sha } = body;
          if (typeof ref !== 'string' || !/^refs\/[^/]+\/.+/.test(ref))
            return invalid(response, 'ref must start with refs/ and contain at least two slashes');
          if (typeof sha !== 'string' || !(SHA.test(sha) || tags.has(sha)))
            return sendJson(response, 422, { message: 'Object does not exist' });
          if (refs.has(ref)) return sendJson(response, 422, { message: 'Reference already exists' });
          refs.set(ref, sha);
          return sendJson(response, 201, refJson(ref, sha));
        },
      ],
      [
        'GET',
        /^\/git\/ref\/(.+)$/,
        (m) => {
          if (!allowed('contents', 'read')) return deny(response);
          const name = `refs/${decodeURIComponent(m[1] as string)}`;
          const sha = refs.get(name);
          return sha ? sendJson(response, 200, refJson(name, sha)) : notFound(response);
        },
      ],
      [
        'DELETE',
        /^\/git\/refs\/(.+)$/,
        (m) => {
          if (!allowed('contents', 'write')) return deny(response);
          const name = `refs/${decodeURIComponent(m[1] as string)}`;
          if (!refs.delete(name)) return sendJson(response, 422, { message: 'Reference does not exist' });
          response.writeHead(204).end();
          return;
        },
      ],
      [
        'POST',
        /^\/git\/tags$/,
        (_m) => {
          if (!allowed('contents', 'write')) return deny(response);
          const { tag, message, object, type } = body;
          if (typeof tag !== 'string' || typeof message !== 'string' || typeof object !== 'string')
            return invalid(response, 'tag, message and object are required');
          if (type !== 'commit' && type !== 'tree' && type !== 'blob')
            return invalid(response, 'type must be commit, tree or blob');
          if (!SHA.test(object)) return sendJson(response, 422, { message: 'Object does not exist' });
          const tagger = (body.tagger as TagObject['tagger'] | undefined) ?? {
            name: 'github-actions[bot]',
            email: '41898282+github-actions[bot]@users.noreply.github.com',
            date: now(),
          };
          const sha = createHash('sha1').update(`tag ${tag}\n${message}\n${nextId++}`).digest('hex');
          tags.set(sha, { sha, tag, message, tagger, object: { type, sha: object } });
          return sendJson(response, 201, tagJson(repoUrl, tags.get(sha) as TagObject));
        },
      ],
      [
        'GET',
        /^\/git\/tags\/([0-9a-f]{40})$/,
        (m) => {
          if (!allowed('contents', 'read')) return deny(response);
          const tag = tags.get(m[1] as string);
          return tag ? sendJson(response, 200, tagJson(repoUrl, tag)) : notFound(response);
        },
      ],
    ];
    for (const [verb, pattern, handle] of routes) {
      const m = method === verb ? pattern.exec(rest) : null;
      if (m) return handle(m);
    }
    notFound(response);
  });

  return {
    url: server.origin,
    requests,
    refs,
    /** The deployments' statuses as sent, oldest first, by deployment id. */
    statuses,
    /** A deployment made by another tool, with statuses (oldest first), straight into the store. */
    seedDeployment(seed: { ref: string; environment: string; states?: string[]; payload?: unknown }) {
      const at = now();
      const deployment: Deployment = {
        id: nextId++,
        ref: seed.ref,
        sha: SHA.test(seed.ref) ? seed.ref : createHash('sha1').update(seed.ref).digest('hex'),
        task: 'deploy',
        environment: seed.environment,
        description: null,
        payload: seed.payload ?? {},
        created_at: at,
        updated_at: at,
      };
      deployments.push(deployment);
      for (const state of seed.states ?? []) addStatus(deployment, state, '');
      return deployment.id;
    },
    /** From now on, answers the requests `matches` picks with this status, as an outage would. */
    failWith(status: number, message: string, matches: (request: FakeRequest) => boolean) {
      failures.push({ status, message, matches });
    },
    close: server.close,
  };
}

function tagJson(repoUrl: string, tag: TagObject) {
  return {
    node_id: `TAG_${tag.sha}`,
    tag: tag.tag,
    sha: tag.sha,
    url: `${repoUrl}/git/tags/${tag.sha}`,
    message: tag.message,
    tagger: tag.tagger,
    object: { ...tag.object, url: `${repoUrl}/git/commits/${tag.object.sha}` },
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
  };
}

/** One page of a list, with GitHub's `Link` header (`<url>; rel="next"`, ...) when there are others. */
function sendPage(request: IncomingMessage, response: ServerResponse, origin: string, items: unknown[]): void {
  const url = new URL(request.url ?? '/', origin);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    return `<${target.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(page - 1, 'prev')] : []),
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first')] : []),
  ];
  const body = JSON.stringify(items.slice((page - 1) * perPage, page * perPage));
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(links.length ? { link: links.join(', ') } : {}),
  });
  response.end(body);
}

function notFound(response: ServerResponse): void {
  sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
}

function invalid(response: ServerResponse, message: string): void {
  sendJson(response, 422, { message: 'Validation Failed', errors: [{ message }], status: '422' });
}
