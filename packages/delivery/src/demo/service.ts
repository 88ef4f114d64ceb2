import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a version behaves right now; changed while it runs through `set()`. */
export interface Behaviour {
  /** Share of requests answered 500, from 0 to 1, spread evenly (every 1/rate-th request), not at random. */
  errorRate: number;
  /** Each request waits latencyMs plus a uniform random share of jitterMs before it answers. */
  latencyMs: number;
  jitterMs: number;
  /** What `GET /healthz` answers: 200 when healthy, 503 when not. */
  healthy: boolean;
}

export interface Service {
  version: string;
  url: string;
  port: number;
  /** Served requests (not /healthz nor extra routes) since start, and how many of them got a 500. */
  served(): { requests: number; errors: number };
  set(change: Partial<Behaviour>): void;
  close(): Promise<void>;
}

export interface ServiceHooks {
  /** Further routes by path (a test's `/metrics`), answered before the served ones. */
  routes?: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>>;
  /** Called once each served request was answered, with its status and its time in seconds. */
  onServed?: (code: number, seconds: number) => void;
}

/**
 * A small HTTP service in one version, for the demo and the delivery tests: answers `GET /` with 200
 * (or an injected 500) and its version in the `x-version` header, after a controllable latency, and
 * `GET /healthz` with 200 or 503. Listens on a free loopback port.
 */
export async function startService(
  version: string,
  initial: Partial<Behaviour> = {},
  hooks: ServiceHooks = {},
): Promise<Service> {
  const behaviour: Behaviour = { errorRate: 0, latencyMs: 2, jitterMs: 3, healthy: true, ...initial };
  let served = 0;
  let errors = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = hooks.routes?.[path];
    if (route) return route(request, response);
    if (path === '/healthz') {
      response.writeHead(behaviour.healthy ? 200 : 503, { 'x-version': version });
      response.end(behaviour.healthy ? 'ok' : 'unhealthy');
      return;
    }
    const started = process.hrtime.bigint();
    // Evenly spread errors: request n fails when floor((n+1)r) passes floor(nr), so any window of
    // 1/r requests holds exactly one failure and the observed rate matches the set one.
    const fails = Math.floor((served + 1) * behaviour.errorRate) > Math.floor(served * behaviour.errorRate);
    served++;
    if (fails) errors++;
    await new Promise((resolve) => setTimeout(resolve, behaviour.latencyMs + Math.random() * behaviour.jitterMs));
    const code = fails ? 500 : 200;
    response.writeHead(code, { 'x-version': version, 'content-type': 'text/plain' });
    response.end(fails ? 'injected failure\n' : `hello from ${version}\n`);
    hooks.onServed?.(code, Number(process.hrtime.bigint() - started) / 1e9);
  };

  function set(change: Partial<Behaviour>) {
    for (const [key, value] of Object.entries(change)) {
      if (!(key in behaviour)) throw new Error(`unknown behaviour ${key}`);
      if (typeof value !== typeof behaviour[key as keyof Behaviour]) throw new Error(`bad value for ${key}`);
    }
    Object.assign(behaviour, change);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    version,
    url: `http://127.0.0.1:${port}`,
    port,
    served: () => ({ requests: served, errors }),
    set,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
