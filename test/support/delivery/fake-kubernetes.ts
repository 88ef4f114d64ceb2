import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body';

/**
 * The two HTTPRoute calls of the Kubernetes API the Gateway API router makes, in memory on loopback.
 * No cluster runs here: this follows the API's documented shapes instead. The path
 * `/apis/gateway.networking.k8s.io/v1/namespaces/{namespace}/httproutes/{name}`, GET returning the
 * object, PATCH with `application/json-patch+json` (RFC 6902: test, add, replace) bumping
 * `metadata.resourceVersion` and, for a spec change, `metadata.generation`; errors as a `Status`
 * object with its HTTP code (401 without the bearer token, 404 unknown route, 422 a failed test op,
 * 415 another patch type). A stand-in controller then marks the route Accepted at the new
 * generation in `status.parents[].conditions`, after `acceptDelayMs`.
 */
export async function fakeKubernetes(options: { token: string; acceptDelayMs?: number }) {
  const routes = new Map<string, Record<string, unknown>>();
  const requests: { method: string; path: string; contentType?: string }[] = [];
  let nextVersion = 1000;
  /** Routes another writer changes right after the next GET of them. */
  const interfere = new Set<string>();
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push({
      method: request.method ?? '',
      path,
      ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
    });
    const send = (code: number, payload: unknown) => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    const status = (code: number, reason: string, message: string) =>
      send(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
    if (request.headers.authorization !== `Bearer ${options.token}`) return status(401, 'Unauthorized', 'Unauthorized');
    const match = /^\/apis\/gateway\.networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/httproutes\/([^/]+)$/.exec(path);
    const key = match ? `${match[1]}/${match[2]}` : '';
    const route = routes.get(key);
    if (!match || !route)
      return status(404, 'NotFound', `httproutes.gateway.networking.k8s.io "${match?.[2]}" not found`);
    if (request.method === 'GET') {
      send(200, route);
      if (interfere.delete(key))
        (route.metadata as { resourceVersion: string }).resourceVersion = String(nextVersion++);
      return;
    }
    if (request.method !== 'PATCH') return status(405, 'MethodNotAllowed', 'method not allowed');
    if (request.headers['content-type'] !== 'application/json-patch+json')
      return status(415, 'UnsupportedMediaType', 'unsupported patch type');
    const copy = structuredClone(route);
    try {
      for (const op of JSON.parse(body) as { op: string; path: string; value: unknown }[]) applyOperation(copy, op);
    } catch (error) {
      return status(422, 'Invalid', String(error instanceof Error ? error.message : error));
    }
    const metadata = copy.metadata as { resourceVersion: string; generation: number };
    metadata.resourceVersion = String(nextVersion++);
    if (JSON.stringify(copy.spec) !== JSON.stringify(route.spec)) metadata.generation++;
    routes.set(key, copy);
    const generation = metadata.generation;
    setTimeout(() => accept(key, generation), options.acceptDelayMs ?? 50);
    send(200, copy);
  });

  /** The stand-in controller: every parent's Accepted condition at `generation`. */
  function accept(key: string, generation: number) {
    const route = routes.get(key) as { status?: { parents?: { conditions: Record<string, unknown>[] }[] } } | undefined;
    for (const parent of route?.status?.parents ?? []) {
      parent.conditions = [{ type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration: generation }];
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    routes,
    /** Another writer changes the route right after the next GET of it, so a patch based on that read conflicts. */
    changeAfterNextRead(namespace: string, name: string) {
      interfere.add(`${namespace}/${name}`);
    },
    /** Stores an HTTPRoute with the given rules, attached to one Gateway and accepted. */
    addRoute(
      namespace: string,
      name: string,
      rules: { backendRefs: { name: string; port: number; weight?: number }[] }[],
    ) {
      routes.set(`${namespace}/${name}`, {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name, namespace, resourceVersion: String(nextVersion++), generation: 1 },
        spec: { parentRefs: [{ name: 'gateway' }], rules },
        status: {
          parents: [
            {
              parentRef: { name: 'gateway' },
              controllerName: 'example.com/fake',
              conditions: [{ type: 'Accepted', status: 'True', observedGeneration: 1 }],
            },
          ],
        },
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** RFC 6902 test, add and replace over RFC 6901 pointers (no ~ escapes needed for these paths). */
function applyOperation(document: Record<string, unknown>, op: { op: string; path: string; value: unknown }) {
  const keys = op.path.split('/').slice(1);
  const last = keys.pop();
  let parent: unknown = document;
  for (const key of keys) parent = (parent as Record<string, unknown>)?.[key];
  if (typeof parent !== 'object' || parent === null || last === undefined)
    throw new Error(`path ${op.path} does not exist`);
  const target = parent as Record<string, unknown>;
  if (op.op === 'test') {
    if (JSON.stringify(target[last]) !== JSON.stringify(op.value)) throw new Error(`test of ${op.path} failed`);
  } else if (op.op === 'add' || (op.op === 'replace' && last in target)) {
    target[last] = op.value;
  } else {
    throw new Error(`unsupported op ${op.op} at ${op.path}`);
  }
}
