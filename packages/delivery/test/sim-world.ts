/**
 * A simulated world for the rollout state machine: two versions with an error rate and a latency
 * distribution, a router whose weight splits a steady request stream between them, a metric
 * provider reading those requests, a health check and a clock that only moves when the rollout
 * sleeps. Seeded, so every run of a test sees the same requests.
 */
import lognormalFactory from '@stdlib/random-base-lognormal';
import uniformFactory from '@stdlib/random-base-uniform';
import type { Clock } from '../src/clock';
import {
  type HealthCheck,
  type Measurement,
  type MetricKind,
  type MetricProvider,
  type MetricRequest,
  ProviderError,
  type Track,
  type TrafficRouter,
} from '../src/ports';

export interface VersionBehaviour {
  /** Share of requests failing, 0 to 1. */
  errorRate: number;
  /** Median latency in ms (log-normal, sigma 0.3): p95 is about 1.64 times it. */
  medianMs: number;
  healthy: boolean;
  /** A custom business metric's value per request (e.g. checkout success), for analysis files. */
  custom?: number;
}

interface Request {
  at: number;
  track: Track;
  failed: boolean;
  latencyMs: number;
}

export interface SimOptions {
  seed?: number;
  requestsPerSecond?: number;
  stable?: Partial<VersionBehaviour>;
  canary?: Partial<VersionBehaviour>;
  /** Kinds the provider can measure; default all. */
  supports?: MetricKind[];
  providerName?: string;
  startWeight?: number;
}

export class SimWorld {
  time = Date.UTC(2026, 11, 3, 12, 0, 0);
  readonly requests: Request[] = [];
  readonly versions: Record<Track, VersionBehaviour>;
  readonly weights: { at: number; weight: number }[] = [];
  weight: number;
  providerDown = false;
  routerBroken = false;
  private readonly uniform: () => number;
  private readonly lognormal: (mu: number, sigma: number) => number;
  private readonly rps: number;
  private carry = 0;
  private readonly scheduled: { at: number; run: (world: SimWorld) => void }[] = [];

  constructor(private readonly options: SimOptions = {}) {
    const seed = options.seed ?? 7;
    this.uniform = uniformFactory.factory(0, 1, { seed });
    this.lognormal = lognormalFactory.factory({ seed: seed + 1 });
    this.rps = options.requestsPerSecond ?? 20;
    const base = { errorRate: 0, medianMs: 100, healthy: true };
    this.versions = { stable: { ...base, ...options.stable }, canary: { ...base, ...options.canary } };
    this.weight = options.startWeight ?? 0;
  }

  /** Runs `change` once the simulated clock reaches `afterMs` from the start. */
  at(afterMs: number, change: (world: SimWorld) => void): this {
    this.scheduled.push({ at: this.time + afterMs, run: change });
    return this;
  }

  readonly clock: Clock = {
    now: () => this.time,
    sleep: async (ms) => {
      const end = this.time + Math.max(0, ms);
      while (this.time < end) {
        const next = Math.min(end, this.time + 100);
        this.traffic(this.time, next);
        this.time = next;
        for (const job of this.scheduled.filter((s) => s.at <= this.time)) {
          this.scheduled.splice(this.scheduled.indexOf(job), 1);
          job.run(this);
        }
      }
    },
  };

  /** Steady traffic between two instants, split by the router's weight. */
  private traffic(from: number, to: number): void {
    this.carry += ((to - from) / 1000) * this.rps;
    while (this.carry >= 1) {
      this.carry -= 1;
      const track: Track = this.uniform() * 100 < this.weight ? 'canary' : 'stable';
      const version = this.versions[track];
      const failed = this.uniform() < version.errorRate;
      const latencyMs = version.medianMs * this.lognormal(0, 0.3);
      this.requests.push({ at: from + this.uniform() * (to - from), track, failed, latencyMs });
    }
  }

  readonly router: TrafficRouter = {
    name: 'sim-router',
    check: async () => {},
    weight: async () => this.weight,
    setWeight: async (weight) => {
      if (this.routerBroken) throw new Error('router socket closed');
      this.weight = weight;
      this.weights.push({ at: this.time, weight });
    },
  };

  get provider(): MetricProvider {
    const world = this;
    const supported = this.options.supports ?? ['error-rate', 'latency-p95', 'custom'];
    return {
      name: this.options.providerName ?? 'sim-metrics',
      supports: (kind) => supported.includes(kind),
      check: async () => {},
      async measure(request: MetricRequest): Promise<Measurement> {
        if (world.providerDown) throw new ProviderError('connection refused');
        return world.measure(request);
      },
    };
  }

  measure(request: MetricRequest): Measurement {
    const start = request.window.start.getTime();
    const end = request.window.end.getTime();
    const seen = this.requests.filter((r) => r.track === request.track && r.at >= start && r.at < end);
    const source = `sim ${request.name} ${request.track}`;
    if (seen.length === 0) return { value: undefined, count: 0, samples: [], source };
    if (request.kind === 'error-rate') {
      const value = (100 * seen.filter((r) => r.failed).length) / seen.length;
      return {
        value,
        count: seen.length,
        samples: perSecond(seen, start, (rs) => (100 * rs.filter((r) => r.failed).length) / rs.length),
        source,
      };
    }
    if (request.kind === 'latency-p95') {
      const latencies = seen.map((r) => r.latencyMs);
      return { value: quantile(latencies, 0.95), count: seen.length, samples: latencies, source };
    }
    const value = this.versions[request.track].custom;
    return { value, count: seen.length, samples: value === undefined ? [] : seen.map(() => value), source };
  }

  readonly health: HealthCheck = {
    name: 'sim-health',
    probe: async (track) =>
      this.versions[track].healthy
        ? { healthy: true, detail: '200 OK' }
        : { healthy: false, detail: '503 Service Unavailable' },
  };

  /** Failed requests the canary served: what stable would have served had the canary not been there. */
  failedOn(track: Track): number {
    return this.requests.filter((r) => r.track === track && r.failed).length;
  }
}

function perSecond(requests: Request[], start: number, value: (rs: Request[]) => number): number[] {
  const buckets = new Map<number, Request[]>();
  for (const r of requests) {
    const key = Math.floor((r.at - start) / 1000);
    buckets.set(key, [...(buckets.get(key) ?? []), r]);
  }
  return [...buckets.values()].map(value);
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}
