import type { Measurement, MetricKind, TimeWindow, Track } from '../ports';

/** One request seen by a source that sees each one (the local proxy, the prober). */
interface Outcome {
  /** When it was sent, ms since the epoch: a request belongs to the window it was sent in. */
  at: number;
  /** The HTTP status; undefined when no answer came (refused, reset, timed out). */
  status: number | undefined;
  ms: number;
}

/** Kept per track: about an hour at 100 requests a second, far more than any rollout step. */
const MAX_OUTCOMES = 400_000;

/**
 * Requests of each track as they end, and the measurements a window of them gives: error rate
 * (5xx and unanswered requests, in percent) with one sample per second of the window, p95 latency
 * (nearest rank, answered requests only) with every latency as a sample. Shared by the local proxy
 * and the prober, which both see every request they judge.
 */
export class RequestLog {
  private readonly outcomes: Record<Track, Outcome[]> = { stable: [], canary: [] };

  constructor(private readonly source: string) {}

  record(track: Track, status: number | undefined, ms: number, at: number): void {
    const list = this.outcomes[track];
    list.push({ at, status, ms });
    if (list.length > MAX_OUTCOMES) list.splice(0, list.length - MAX_OUTCOMES);
  }

  measure(kind: MetricKind, track: Track, window: TimeWindow): Measurement {
    const start = window.start.getTime();
    const end = window.end.getTime();
    const inWindow = this.outcomes[track].filter((o) => o.at >= start && o.at <= end);
    const source = `${this.source}: ${inWindow.length} ${track} requests from ${window.start.toISOString()} to ${window.end.toISOString()}`;
    if (kind === 'error-rate') {
      const failed = inWindow.filter(isFailure).length;
      const value = inWindow.length === 0 ? undefined : (100 * failed) / inWindow.length;
      return { value, count: inWindow.length, samples: perSecondErrorRates(inWindow, start), source };
    }
    if (kind === 'latency-p95') {
      const latencies = inWindow.filter((o) => o.status !== undefined).map((o) => o.ms);
      return { value: percentile(latencies, 0.95), count: latencies.length, samples: latencies, source };
    }
    throw new Error(`${this.source} measures error-rate and latency-p95 only, not ${kind}`);
  }
}

function isFailure(outcome: Outcome): boolean {
  return outcome.status === undefined || outcome.status >= 500;
}

/** The error rate of each whole second of the window that saw requests. */
function perSecondErrorRates(outcomes: Outcome[], start: number): number[] {
  const seconds = new Map<number, { total: number; failed: number }>();
  for (const outcome of outcomes) {
    const second = Math.floor((outcome.at - start) / 1000);
    const slot = seconds.get(second) ?? { total: 0, failed: 0 };
    slot.total++;
    if (isFailure(outcome)) slot.failed++;
    seconds.set(second, slot);
  }
  return [...seconds.entries()].sort(([a], [b]) => a - b).map(([, slot]) => (100 * slot.failed) / slot.total);
}

/** Nearest-rank percentile; undefined for no values. */
export function percentile(values: number[], quantile: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
}
