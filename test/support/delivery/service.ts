import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry } from 'prom-client';
import { readBody } from '../read-body';

/** How a version behaves right now; changed while it runs through `set()` or `POST /admin`. */
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
  /** Served requests (not /metrics, /healthz, /admin) since start, and how many of them got a 500. */
  served(): { requests: number; errors: number };
  set(change: Partial<Behaviour>): void;
  close(): Promise<void>;
}

/**
 * The small service of the canary test world, in one version: answers `GET /` with 200 (or an
 * injected 500) and its version in the `x-version` header, and exports through prom-client the two
 * metrics the Prometheus provider's default queries read: the counter `http_requests_total{version,
 * code}` and the histogram `http_request_duration_seconds{version}`. Its version label is the track
 * name (`stable`, `canary`), which is what `{{ version }}` becomes in those queries.
 */
export async function startService(version: string, initial: Partial<Behaviour> = {}): Promise<Service> {
  const behaviour: Behaviour = { errorRate: 0, latencyMs: 2, jitterMs: 3, healthy: true, ...initial };
  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by version and status code.',
    labelNames: ['version', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by version.',
    labelNames: ['version'] as const,
    // Fine around the thresholds that matter (500 ms success, 1000 ms abort) and around fast answers.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2.5, 5],
    registers: [registry],
  });
  let served = 0;
  let errors = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/metrics') {
      response.writeHead(200, { 'content-type': registry.contentType });
      response.end(await registry.metrics());
      return;
    }
    if (path === '/healthz') {
      response.writeHead(behaviour.healthy ? 200 : 503, { 'x-version': version });
      response.end(behaviour.healthy ? 'ok' : 'unhealthy');
      return;
    }
    if (path === '/admin' && request.method === 'POST') {
      const body = await readBody(request);
      try {
        set(JSON.parse(body) as Partial<Behaviour>);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(behaviour));
      } catch (error) {
        response.writeHead(400);
        response.end(String(error));
      }
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
    requests.inc({ version, code: String(code) });
    duration.observe({ version }, Number(process.hrtime.bigint() - started) / 1e9);
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
