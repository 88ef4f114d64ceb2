import { ConfigurationError } from '@ccm/toolkit/errors';
import { describeFetchError } from '../fetch-error';
import type { Measurement, MetricKind, MetricProvider, MetricRequest, TimeWindow, Track } from '../ports';
import type { MetricSettings } from '../settings';
import { RequestLog } from './request-log';

type ProbeSettings = Extract<MetricSettings, { kind: 'probe' }>;

/** Requests in flight per track at most: a version that hangs must not pile up sockets. */
const MAX_IN_FLIGHT = 64;

/**
 * The built-in prober: while a window runs, observe() sends `rate` GET requests a second to each
 * version's URL itself and times each one (from sending to the last byte of the body). A 5xx, a
 * refused connection or no answer within `timeoutMs` is a failed request. Error rate and p95
 * (nearest rank) come from its own samples, so it needs neither a router's statistics nor a
 * metrics system; it measures the versions directly, not through the router.
 */
export class ProbeProvider implements MetricProvider {
  readonly name = 'probe';
  private readonly log = new RequestLog('probe');
  private readonly urls: Record<Track, URL>;

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
    await Promise.all([this.probe('stable', window), this.probe('canary', window)]);
  }

  async measure({ kind, track, window }: MetricRequest): Promise<Measurement> {
    return this.log.measure(kind, track, window);
  }

  /** Paced against the clock from now to the window's end, then waits for the requests in flight. */
  private async probe(track: Track, window: TimeWindow): Promise<void> {
    const started = Date.now();
    const end = window.end.getTime();
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
