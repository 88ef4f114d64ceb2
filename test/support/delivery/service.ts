import { Counter, Histogram, Registry } from 'prom-client';
import {
  type Behaviour,
  type Service,
  startService as startDemoService,
} from '../../../packages/delivery/src/demo/service';
import { readBody } from '../read-body';

export type { Behaviour, Service };

/**
 * The small service of the canary test world, in one version: the demo's service (the product's,
 * `packages/delivery/src/demo/service.ts`) plus what the tests need beside it: `POST /admin` to
 * change its behaviour from outside, and through prom-client the two metrics the Prometheus
 * provider's default queries read: the counter `http_requests_total{version, code}` and the histogram
 * `http_request_duration_seconds{version}`. Its version label is the track name (`stable`,
 * `canary`), which is what `{{ version }}` becomes in those queries.
 */
export async function startService(version: string, initial: Partial<Behaviour> = {}): Promise<Service> {
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
  let service: Service | undefined;
  service = await startDemoService(version, initial, {
    routes: {
      '/metrics': async (_request, response) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(await registry.metrics());
      },
      '/admin': async (request, response) => {
        if (request.method !== 'POST') {
          response.writeHead(405);
          response.end();
          return;
        }
        const body = await readBody(request);
        try {
          service?.set(JSON.parse(body) as Partial<Behaviour>);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(body);
        } catch (error) {
          response.writeHead(400);
          response.end(String(error));
        }
      },
    },
    onServed: (code, seconds) => {
      requests.inc({ version, code: String(code) });
      duration.observe({ version }, seconds);
    },
  });
  return service;
}
