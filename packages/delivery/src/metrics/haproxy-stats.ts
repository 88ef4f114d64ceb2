import { ConfigurationError } from '@ccm/toolkit/errors';
import { HaproxyRuntimeApi, RuntimeApiUnreachable } from '../haproxy-runtime';
import {
  type Measurement,
  type MetricKind,
  type MetricProvider,
  type MetricRequest,
  ProviderError,
  type TimeWindow,
  type Track,
} from '../ports';
import type { MetricSettings } from '../settings';

type HaproxyStatsSettings = Extract<MetricSettings, { kind: 'haproxy' }>;

/** A server's cumulative counters at one moment. */
interface Counters {
  requests: number;
  errors: number;
}
interface Snapshot {
  at: number;
  counters: Record<Track, Counters>;
}

const SERVER_INPUT: Record<Track, string> = { stable: 'stable-server', canary: 'canary-server' };
/** Kept snapshots: a day at one a second. */
const MAX_SNAPSHOTS = 86_400;

/**
 * HAProxy's own statistics (`show stat` on the Runtime API). Its counters are cumulative since
 * start, so observe() reads them every `pollMs` while a window runs and measure() judges the
 * differences: requests are the server's HTTP responses (hrsp_1xx to hrsp_other) plus failed
 * connections (econ), errors are hrsp_5xx plus econ. A counter that went down (HAProxy restarted)
 * starts a new series rather than a negative difference. HAProxy keeps averages of its timers over
 * the last 1,024 requests, not percentiles, so latency-p95 is not measured by it.
 */
export class HaproxyStatsProvider implements MetricProvider {
  readonly name = 'haproxy';
  private readonly api: HaproxyRuntimeApi;
  private readonly snapshots: Snapshot[] = [];
  private readonly failures: { at: number; message: string }[] = [];

  constructor(
    private readonly settings: HaproxyStatsSettings,
    private readonly pollMs = 1_000,
  ) {
    this.api = new HaproxyRuntimeApi(settings.socket);
  }

  supports(kind: MetricKind): boolean {
    return kind === 'error-rate';
  }

  async check(): Promise<void> {
    let csv: string;
    try {
      csv = await this.api.command('show stat');
    } catch (error) {
      if (!(error instanceof RuntimeApiUnreachable)) throw error;
      throw new ConfigurationError(
        `haproxy-socket: cannot read HAProxy's statistics at ${this.settings.socket} (${error.message})`,
      );
    }
    const rows = parseStatCsv(csv);
    if (!rows.some((row) => row.pxname === this.settings.backend && row.svname === 'BACKEND')) {
      throw new ConfigurationError(`backend: HAProxy's statistics have no backend "${this.settings.backend}"`);
    }
    for (const track of ['stable', 'canary'] as const) {
      if (!rows.some((row) => row.pxname === this.settings.backend && row.svname === this.server(track))) {
        throw new ConfigurationError(
          `${SERVER_INPUT[track]}: backend "${this.settings.backend}" has no server "${this.server(track)}"`,
        );
      }
    }
  }

  /** Reads the counters now and every pollMs until the window ends; a failed read is remembered, not thrown. */
  async observe(window: TimeWindow): Promise<void> {
    for (;;) {
      await this.poll();
      const left = window.end.getTime() - Date.now();
      if (left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollMs, left)));
    }
  }

  async measure(request: MetricRequest): Promise<Measurement> {
    if (request.kind !== 'error-rate') throw new ProviderError(`${request.name}: not measured by haproxy`);
    const { track, window } = request;
    const start = window.start.getTime() - this.pollMs / 2;
    const end = window.end.getTime() + this.pollMs / 2;
    const inWindow = this.snapshots.filter((s) => s.at >= start && s.at <= end);
    const failed = this.failures.filter((f) => f.at >= start && f.at <= end);
    const source = `haproxy show stat ${this.settings.backend}/${this.server(track)}: ${inWindow.length} reads from ${window.start.toISOString()} to ${window.end.toISOString()}`;
    if (inWindow.length < 2) {
      if (failed.length > 0)
        throw new ProviderError(`haproxy: statistics unreadable in the window: ${failed.at(-1)?.message}`);
      return { value: undefined, samples: [], source };
    }
    let requests = 0;
    let errors = 0;
    const samples: number[] = [];
    for (let i = 1; i < inWindow.length; i++) {
      const step = difference(inWindow[i - 1]!.counters[track], inWindow[i]!.counters[track]);
      requests += step.requests;
      errors += step.errors;
      if (step.requests > 0) samples.push((100 * step.errors) / step.requests);
    }
    return { value: requests === 0 ? undefined : (100 * errors) / requests, count: requests, samples, source };
  }

  private async poll(): Promise<void> {
    try {
      const rows = parseStatCsv(await this.api.command('show stat'));
      const counters = (track: Track): Counters => {
        const row = rows.find((r) => r.pxname === this.settings.backend && r.svname === this.server(track));
        if (!row)
          throw new ProviderError(`haproxy: ${this.settings.backend}/${this.server(track)} is missing from show stat`);
        const field = (name: string) => Number(row[name] || 0);
        const econ = field('econ');
        const responses = ['hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other'].reduce(
          (sum, name) => sum + field(name),
          0,
        );
        return { requests: responses + econ, errors: field('hrsp_5xx') + econ };
      };
      this.snapshots.push({ at: Date.now(), counters: { stable: counters('stable'), canary: counters('canary') } });
      if (this.snapshots.length > MAX_SNAPSHOTS) this.snapshots.shift();
    } catch (error) {
      if (!(error instanceof RuntimeApiUnreachable || error instanceof ProviderError)) throw error;
      this.failures.push({ at: Date.now(), message: error.message });
      if (this.failures.length > MAX_SNAPSHOTS) this.failures.shift();
    }
  }

  private server(track: Track): string {
    return track === 'stable' ? this.settings.stableServer : this.settings.canaryServer;
  }
}

/** The counts between two reads; after a restart (a counter went down) the later read is the count. */
function difference(before: Counters, after: Counters): Counters {
  if (after.requests < before.requests || after.errors < before.errors) return after;
  return { requests: after.requests - before.requests, errors: after.errors - before.errors };
}

/**
 * `show stat` is CSV with a header line starting "# " and no quoting (HAProxy writes no commas inside
 * fields of the rows we read), one row per frontend, backend and server.
 */
export function parseStatCsv(csv: string): Record<string, string>[] {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0];
  if (!header?.startsWith('# '))
    throw new ProviderError(`haproxy: show stat answered without its "# " header: ${csv.slice(0, 120)}`);
  const names = header.slice(2).split(',');
  return lines.slice(1).map((line) => {
    const values = line.split(',');
    return Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']));
  });
}
