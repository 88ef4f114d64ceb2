import { request } from 'node:http';

/** One request the load generator sent, as it ended. */
export interface LoadSample {
  /** When the request was sent and when it ended, in ms since the epoch (fractions kept). */
  sentAt: number;
  endedAt: number;
  /** The version that answered (its `x-version` header); undefined when no version answered. */
  version: string | undefined;
  /** The HTTP status, or undefined when the request got no answer (refused, reset, timeout). */
  status: number | undefined;
  error?: string;
}

export interface LoadReport {
  sent: number;
  /** Answers per version, and how many of them were 5xx that the version itself returned. */
  byVersion: Record<string, { answered: number; errors: number }>;
  /**
   * Requests that no version answered: no response at all, or a router's own error page (a 5xx
   * without `x-version`). Stable would have served each of them, so a rollout must keep this at 0.
   */
  lost: number;
  lostSamples: LoadSample[];
}

export interface LoadGenerator {
  /** Everything so far (a copy); samples are kept so a test or benchmark can look at any moment. */
  report(): LoadReport;
  samples(): readonly LoadSample[];
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<LoadReport>;
}

/**
 * Steady traffic through a router's frontend: `rate` GET requests a second, each on a new
 * connection (no keep-alive, so a router's reload never meets a reused idle socket), at most
 * `maxInFlight` at once. It counts answers per version (`x-version`) and every request no version
 * answered.
 */
export function startLoad(url: string, options: { rate?: number; maxInFlight?: number; timeoutMs?: number } = {}) {
  const rate = options.rate ?? 200;
  const maxInFlight = options.maxInFlight ?? 64;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const target = new URL(url);
  const samples: LoadSample[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let stopped = false;
  const started = performance.now();

  const send = () => {
    sent++;
    const sentAt = performance.timeOrigin + performance.now();
    const done = new Promise<void>((resolve) => {
      const finish = (sample: Omit<LoadSample, 'sentAt' | 'endedAt'>) => {
        samples.push({ sentAt, endedAt: performance.timeOrigin + performance.now(), ...sample });
        resolve();
      };
      const req = request(
        { hostname: target.hostname, port: target.port, path: target.pathname + target.search, agent: false },
        (response) => {
          const header = response.headers['x-version'];
          const version = typeof header === 'string' ? header : undefined;
          response.resume();
          response.on('end', () => finish({ version, status: response.statusCode }));
          response.on('error', (error) => finish({ version, status: undefined, error: error.message }));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error) => finish({ version: undefined, status: undefined, error: error.message }));
      req.end();
    });
    inFlight.add(done);
    done.then(() => inFlight.delete(done));
  };

  // Paced against the clock, not a fixed sleep, so a slow tick does not lower the rate.
  const tick = () => {
    if (stopped) return;
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (sent < due && inFlight.size < maxInFlight) send();
    timer = setTimeout(tick, Math.max(1, Math.min(10, 1000 / rate)));
  };
  let timer = setTimeout(tick, 0);

  const report = (): LoadReport => {
    const byVersion: LoadReport['byVersion'] = {};
    const lostSamples: LoadSample[] = [];
    for (const sample of samples) {
      if (sample.version === undefined) {
        lostSamples.push(sample);
        continue;
      }
      byVersion[sample.version] ??= { answered: 0, errors: 0 };
      const entry = byVersion[sample.version]!;
      entry.answered++;
      if ((sample.status ?? 0) >= 500) entry.errors++;
    }
    return { sent, byVersion, lost: lostSamples.length, lostSamples };
  };

  const generator: LoadGenerator = {
    report,
    samples: () => samples,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all(inFlight);
      return report();
    },
  };
  return generator;
}
