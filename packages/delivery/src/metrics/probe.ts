import { ConfigurationError } from '@ccm/toolkit/errors';
import { describeFetchError } from '../fetch-error';
import type { Measurement, MetricKind, MetricProvider, MetricRequest, TimeWindow, Track } from '../ports';
import type { MetricSettings } from '../settings';
import { RequestLog } from './request-log';

type ProbeSettings = Extract<MetricSettings, { kind: 'probe' }>;

/** Requests in flight per track at most: a version that hangs must not pile up sockets. */
const MAX_IN_FLIGHT = 64;
/** How long a tick keeps background probing alive at least. */
const LEASE_MS = 30_000;

/**
 * The built-in prober: while a window runs, observe() sends `rate` GET requests a second to each
 * version's URL itself and times each one (from sending to the last byte of the body). A 5xx, a
 * refused connection or no answer within `timeoutMs` is a failed request. Error rate and p95
 * (nearest rank) come from its own samples, so it needs neither a router's statistics nor a
 * metrics system; it measures the versions directly, not through the router.
 *
 * observe() takes either kind of call a rollout makes: a window still running (it probes until its
 * end, then resolves), or a window that just ended, as a tick of a loop that sleeps between calls.
 * A tick keeps probing in the background until the next tick is due (twice the gap between the
 * last two ticks, at least LEASE_MS), so the windows between ticks hold requests too; close() or a
 * tick that does not come ends it.
 */
export class ProbeProvider implements MetricProvider {
  readonly name = 'probe';
  private readonly log = new RequestLog('probe');
  private readonly urls: Record<Track, URL>;
  /** Background probing after a tick: until this time (ms since the epoch). */
  private leaseUntil = 0;
  private lastTick: number | undefined;
  private background: Promise<void> | undefined;

  constructor(private readonly settings: ProbeSettings) {
    this.urls = { stable: probeUrl(settings, 'stable'), canary: probeUrl(settings, 'canary') };
    if (!(settings.rate > 0 && settings.rate <= 1000)) {
      throw new ConfigurationError(
        `probe-rate: requests per second must be above 0 and at most 1000, not ${settings.rate}`,
      );
    }
    if (!(settings.timeoutMs > 0))
      throw new ConfigurationError(`probe-timeout: must be a positive number of ms, not ${settings.timeoutMs}`);
  }

  supports(kind: MetricKind): boolean {
    return kind !== 'custom';
  }

  /** Each version answers HTTP at its URL (any status: a failing canary is for the judge, not a setup error). */
  async check(): Promise<void> {
    for (const track of ['stable', 'canary'] as const) {
      try {
        const response = await fetch(this.urls[track], { signal: AbortSignal.timeout(this.settings.timeoutMs) });
        await response.arrayBuffer();
      } catch (error) {
        throw new ConfigurationError(
          `probe-url: the ${track} version does not answer at ${this.urls[track].href} (${describeFetchError(error)})`,
        );
      }
    }
  }

  async observe(window: TimeWindow): Promise<void> {
    const now = Date.now();
    if (window.end.getTime() > now) {
      await this.probeBoth(window.end.getTime());
      return;
    }
    const gap = this.lastTick === undefined ? 0 : now - this.lastTick;
    this.lastTick = now;
    this.leaseUntil = now + Math.max(LEASE_MS, 2 * gap);
    this.background ??= this.keepProbing().finally(() => {
      this.background = undefined;
    });
  }

  async close(): Promise<void> {
    this.leaseUntil = 0;
    await this.background;
  }

  async measure({ kind, track, window }: MetricRequest): Promise<Measurement> {
    return this.log.measure(kind, track, window);
  }

  /** Probes in slices of at most a second while the lease lasts, so close() and an expired lease stop it soon. */
  private async keepProbing(): Promise<void> {
    while (Date.now() < this.leaseUntil) await this.probeBoth(Math.min(this.leaseUntil, Date.now() + 1_000));
  }

  private probeBoth(until: number): Promise<unknown> {
    return Promise.all([this.probe('stable', until), this.probe('canary', until)]);
  }

  /** Paced against the clock from now until `end`, then waits for the requests in flight. */
  private async probe(track: Track, end: number): Promise<void> {
    const started = Date.now();
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    while (Date.now() < end) {
      const due = Math.floor(((Date.now() - started) / 1000) * this.settings.rate) + 1;
      while (sent < due && inFlight.size < MAX_IN_FLIGHT) {
        sent++;
        const request = this.once(track).finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(1000 / this.settings.rate, Math.max(1, end - Date.now()))),
      );
    }
    await Promise.all(inFlight);
  }

  private async once(track: Track): Promise<void> {
    const sentAt = Date.now();
    const start = performance.now();
    let status: number | undefined;
    try {
      const response = await fetch(this.urls[track], {
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        headers: { 'user-agent': 'ccm-canary-probe' },
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = undefined;
    }
    this.log.record(track, status, performance.now() - start, sentAt);
  }
}

function probeUrl(settings: ProbeSettings, track: Track): URL {
  const text = settings.urls[track];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigurationError(`probe-url: the ${track} URL "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`probe-url: the ${track} URL "${text}" is not http(s)`);
  }
  return url;
}
