/**
 * The ports of progressive delivery: what a rollout needs from the outside world, one small
 * interface each, with one adapter per product (routers/<name>, metrics/<name>), the way Argo
 * Rollouts keeps trafficrouting/<provider> and metricproviders/<provider>. Every adapter of a port
 * passes the same contract suite.
 */

/** The two versions a rollout runs side by side: stable (blue-green: active) and canary (preview). */
export type Track = 'stable' | 'canary';

/** Moves traffic between the stable and the canary version. */
export interface TrafficRouter {
  /** The product, for messages and the report: 'haproxy', 'nginx', 'gateway-api', 'local'. */
  readonly name: string;
  /**
   * Checks, before any traffic moves, that the router answers and knows both servers/backends.
   * Throws a ConfigurationError naming the input at fault (`haproxy-socket`, `canary-server`, ...).
   */
  check(): Promise<void>;
  /** The canary's share of traffic now, in percent (0 to 100), as the router itself reports it. */
  weight(): Promise<number>;
  /**
   * Sends `canaryPercent` (0 to 100) of new requests to the canary and the rest to stable, with no
   * dropped connection. At 0 the canary receives nothing (HAProxy weight 0, nginx `down`); at 100
   * stable receives nothing. Resolves only once the router applies the new split.
   */
  setWeight(canaryPercent: number): Promise<void>;
  /** Releases connections or files the adapter holds. */
  close?(): Promise<void>;
}

/** The built-in metrics every rollout judges, and user metrics from the `analysis` file. */
export type MetricKind = 'error-rate' | 'latency-p95' | 'custom';

/** A closed time window of the rollout, over which a metric is measured. */
export interface TimeWindow {
  start: Date;
  end: Date;
}

export interface MetricRequest {
  /** The metric's name in the report: 'error-rate', 'p95', or the analysis file's key. */
  name: string;
  kind: MetricKind;
  track: Track;
  window: TimeWindow;
  /**
   * The provider's query for a custom metric, or an override of a built-in one (PromQL for
   * Prometheus), with `{{ version }}` and `{{ interval }}` not yet replaced.
   */
  query?: string;
}

/**
 * One metric of one track over one window. Units: error rate in percent (0 to 100), latency in
 * milliseconds, custom metrics as the query returns them.
 */
export interface Measurement {
  /** The value over the whole window; undefined when the window held no data. */
  value: number | undefined;
  /** How many requests (or observations) the value stands on, where the provider knows it. */
  count?: number;
  /**
   * Values spread over the window (per-request latencies of the prober, per-step points of a
   * Prometheus range query, per-poll error rates): what the baseline comparison ranks. Empty when
   * the provider has only one aggregate.
   */
  samples: number[];
  /** Where the value came from (the query after substitution, the stat read), for the report. */
  source: string;
}

/** Reads metrics of each track. */
export interface MetricProvider {
  /** The product, for messages and the report: 'prometheus', 'haproxy', 'probe'. */
  readonly name: string;
  /**
   * Whether this provider can measure a kind at all; HAProxy's statistics hold averages, not
   * percentiles, so its 'latency-p95' is false. What it cannot measure is reported as "not measured
   * by <provider>", never as passed.
   */
  supports(kind: MetricKind): boolean;
  /** Checks, before any traffic moves, that the provider answers; a ConfigurationError naming the input. */
  check(): Promise<void>;
  /**
   * Measures one metric of one track over the window. A window without data resolves with
   * `value: undefined` (the no-data policy decides); an unreachable provider or a malformed answer
   * rejects (ProviderError), and a query returning several series where one is expected rejects with
   * a ConfigurationError naming the input.
   */
  measure(request: MetricRequest): Promise<Measurement>;
  /**
   * For providers that sample while traffic flows (the prober, HAProxy's cumulative counters): called
   * as the rollout runs, so the next measure() sees the window. Others need not implement it.
   */
  observe?(window: TimeWindow): Promise<void>;
  close?(): Promise<void>;
}

/** A health check of one track (the canary's, mid-step), for `max-health-failures`. */
export interface HealthCheck {
  readonly name: string;
  /** One check now: healthy or not, and what was seen (status code, error), for the report. */
  probe(track: Track): Promise<{ healthy: boolean; detail: string }>;
}

/** The provider failed to answer (unreachable, 5xx, a malformed body): no data, never a pass. */
export class ProviderError extends Error {
  override name = 'ProviderError';
}
