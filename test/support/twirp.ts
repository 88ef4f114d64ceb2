import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Twirp's error codes by HTTP status (twitchtv/twirp PROTOCOL.md, "Error codes"). */
const TWIRP_CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  408: 'deadline_exceeded',
  409: 'already_exists',
  412: 'failed_precondition',
  429: 'resource_exhausted',
  500: 'internal',
  501: 'unimplemented',
  503: 'unavailable',
  504: 'deadline_exceeded',
};

export function twirpCode(status: number): string {
  return TWIRP_CODES[status] ?? (status >= 500 ? 'internal' : 'unknown');
}

export function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** A Twirp error: the HTTP status plus `{ code, msg }`, which @actions/* clients read `msg` from. */
export function sendTwirpError(response: ServerResponse, status: number, msg: string): void {
  sendJson(response, status, { code: twirpCode(status), msg });
}

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

/** `POST /twirp/<package.Service>/<Method>` → the method, or undefined for any other path. */
export function twirpMethod(request: IncomingMessage, service: string): string | undefined {
  if (request.method !== 'POST') return undefined;
  const prefix = `/twirp/${service}/`;
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/** A cache scope in the runner token's `ac` claim: Permission 1 = read, 2 = write, 3 = both. */
export interface CacheScopeClaim {
  Scope: string;
  Permission: number;
}

export interface RuntimeTokenClaims {
  scp: string;
  ac: string;
  [claim: string]: unknown;
}

/**
 * An ACTIONS_RUNTIME_TOKEN shaped like the runner's: an HS256 JWT whose `scp` carries
 * `Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>` (read by @actions/artifact's
 * getBackendIdsFromToken) and whose `ac` claim lists the cache scopes as a JSON string.
 */
export function createRuntimeToken(
  secret: string,
  options: { cacheScopes?: CacheScopeClaim[]; runBackendId?: string; jobBackendId?: string } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: RuntimeTokenClaims = {
    nameid: randomUUID(),
    scp: [
      'Actions.GenericRead:00000000-0000-0000-0000-000000000000',
      `Actions.Results:${options.runBackendId ?? randomUUID()}:${options.jobBackendId ?? randomUUID()}`,
    ].join(' '),
    ac: JSON.stringify(options.cacheScopes ?? []),
    iss: 'vstoken.actions.githubusercontent.com',
    aud: 'vstoken.actions.githubusercontent.com',
    nbf: now - 60,
    iat: now - 60,
    exp: now + 6 * 3600,
  };
  const unsigned = `${base64url({ typ: 'JWT', alg: 'HS256' })}.${base64url(claims)}`;
  return `${unsigned}.${sign(secret, unsigned)}`;
}

/** The claims of a `Bearer <jwt>` header signed with `secret`, or undefined when absent, malformed or forged. */
export function verifyRuntimeToken(secret: string, authorization: string | undefined): RuntimeTokenClaims | undefined {
  const match = /^Bearer (.+)\.(.+)\.(.+)$/.exec(authorization ?? '');
  if (!match) return undefined;
  const [, header, payload, signature] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(sign(secret, `${header}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as RuntimeTokenClaims;
  } catch {
    return undefined;
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sign(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** A Twirp call that passed the checks every service double makes. */
export interface TwirpCall<M extends string> {
  rpc: M;
  body: unknown;
  claims: RuntimeTokenClaims;
}

/**
 * Reads a call to one of `methods` of `service`: the route, the JSON body (recorded in `requests`),
 * the method, and the bearer token signed with `secret`. When a check fails it answers the error
 * itself, as the real service would, and returns undefined.
 */
export async function readTwirpCall<M extends string>(
  request: IncomingMessage,
  response: ServerResponse,
  options: { service: string; methods: readonly M[]; secret: string; requests: { rpc: string; body: unknown }[] },
): Promise<TwirpCall<M> | undefined> {
  const rpc = twirpMethod(request, options.service);
  if (!rpc) return void sendTwirpError(response, 404, `no such route: ${request.method} ${request.url}`);
  let body: unknown;
  try {
    body = await readJsonBody(request);
  } catch {
    return void sendTwirpError(response, 400, 'the body is not JSON');
  }
  options.requests.push({ rpc, body });
  if (!(options.methods as readonly string[]).includes(rpc)) {
    return void sendTwirpError(response, 404, `no such method: ${rpc}`);
  }
  const claims = verifyRuntimeToken(options.secret, request.headers.authorization);
  if (!claims) return void sendTwirpError(response, 401, 'invalid or missing bearer token');
  return { rpc: rpc as M, body, claims };
}

/** A service double listening on a free loopback port; a handler that throws answers a Twirp 500. */
export async function serveOnLoopback(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendTwirpError(response, 500, String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
