import { Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { describeFetchError } from '../fetch-error';
import { RequestLog } from '../metrics/request-log';
import type { MetricKind, MetricProvider, MetricRequest, Track, TrafficRouter } from '../ports';
import type { RouterSettings } from '../settings';
import { splitWeights } from './weights';

type LocalSettings = Extract<RouterSettings, { kind: 'local' }>;

/** The input naming each upstream, for errors. */
const UPSTREAM_INPUT: Record<Track, string> = { stable: 'stable-server', canary: 'canary-server' };
/** Hop-by-hop headers (RFC 9110, 7.6.1) belong to one connection and are not forwarded. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];

/**
 * A small weighted HTTP proxy inside this process, for the demo on a machine without HAProxy or
 * nginx. It splits requests deterministically (request n goes to the canary when
 * floor((n+1)p/100) passes floor(np/100)), so any 100 consecutive requests hold exactly p canary
 * ones. It also sees every request, so it is a metric source: `metrics()` measures each track's
 * error rate and p95 from what it proxied. It listens on `listen` from the first check() or
 * setWeight(); close() stops it.
 */
export class LocalProxyRouter implements TrafficRouter {
  readonly name = 'local';
  private percent = 0;
  private routed = 0;
  private server: Server | undefined;
  private readonly upstreams: Record<Track, URL>;
  private readonly agent = new Agent({ keepAlive: true });
  private readonly log = new RequestLog('local proxy');

  constructor(private readonly settings: LocalSettings) {
    this.upstreams = { stable: upstreamUrl(settings, 'stable'), canary: upstreamUrl(settings, 'canary') };
  }

  /** The proxy's own URL, listening from this call on. */
  async start(): Promise<string> {
    if (!this.server) {
      const server = createServer((req, res) => this.forward(req, res));
      const { host, port } = listenAddress(this.settings.listen);
      await new Promise<void>((resolve, reject) => {
        server.once('error', (error) =>
          reject(new ConfigurationError(`local-listen: cannot listen on ${this.settings.listen}: ${error.message}`)),
        );
        server.listen(port, host, resolve);
      });
      this.server = server;
    }
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  /** Both upstreams answer HTTP (any status), and the proxy listens. */
  async check(): Promise<void> {
    for (const track of ['stable', 'canary'] as const) {
      try {
        const response = await fetch(this.upstreams[track], { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
      } catch (error) {
        throw new ConfigurationError(
          `${UPSTREAM_INPUT[track]}: ${this.upstreams[track].href} does not answer (${describeFetchError(error)})`,
        );
      }
    }
    await this.start();
  }

  async weight(): Promise<number> {
    return this.percent;
  }

  async setWeight(canaryPercent: number): Promise<void> {
    splitWeights(canaryPercent);
    await this.start();
    this.percent = canaryPercent;
  }

  /** What this proxy saw, as a metric provider named 'local'. */
  metrics(): MetricProvider {
    const log = this.log;
    return {
      name: 'local',
      supports: (kind: MetricKind) => kind !== 'custom',
      check: async () => undefined,
      measure: async ({ kind, track, window }: MetricRequest) => log.measure(kind, track, window),
    };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.agent.destroy();
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private pick(): Track {
    const n = this.routed++;
    const p = this.percent;
    return Math.floor(((n + 1) * p) / 100) > Math.floor((n * p) / 100) ? 'canary' : 'stable';
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const track = this.pick();
    const upstream = this.upstreams[track];
    const sentAt = Date.now();
    const started = performance.now();
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: upstream.host };
    for (const name of HOP_BY_HOP) delete headers[name];
    const outgoing = request(
      {
        protocol: upstream.protocol,
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers,
        agent: this.agent,
      },
      (answer) => {
        const answerHeaders: Record<string, string | string[] | undefined> = { ...answer.headers };
        for (const name of HOP_BY_HOP) delete answerHeaders[name];
        res.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(res);
        answer.on('end', () => this.log.record(track, answer.statusCode, performance.now() - started, sentAt));
      },
    );
    outgoing.on('error', (error) => {
      this.log.record(track, 502, performance.now() - started, sentAt);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`local proxy: ${track} did not answer: ${error.message}\n`);
    });
    req.pipe(outgoing);
  }
}

function upstreamUrl(settings: LocalSettings, track: Track): URL {
  const text = settings.upstreams[track];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigurationError(`${UPSTREAM_INPUT[track]}: "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:')
    throw new ConfigurationError(`${UPSTREAM_INPUT[track]}: the local proxy speaks http only, not ${url.protocol}`);
  return url;
}

function listenAddress(listen: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(listen);
  if (!match || Number(match[2]) > 65535) throw new ConfigurationError(`local-listen: "${listen}" is not host:port`);
  return { host: match[1] || '127.0.0.1', port: Number(match[2]) };
}
