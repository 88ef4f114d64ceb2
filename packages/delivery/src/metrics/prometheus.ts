import { ConfigurationError } from '@ccm/toolkit/errors';
import { describeFetchError } from '../fetch-error';
import type { Measurement, MetricKind, MetricProvider, MetricRequest, Track } from '../ports';
import type { MetricSettings } from '../settings';
import { PrometheusApi, type Series } from './prometheus-api';
import { DEFAULT_COUNT_QUERY, renderQuery } from './promql';

type PrometheusSettings = Extract<MetricSettings, { kind: 'prometheus' }>;

/** The input each built-in query comes from, for errors. */
const INPUT: Record<Exclude<MetricKind, 'custom'>, string> = {
  'error-rate': 'error-rate-query',
  'latency-p95': 'latency-query',
};

/**
 * Prometheus: the window's value from an instant query at the window's end with `{{ interval }}` the
 * window's length; the baseline samples from a range query over the window, one point per
 * `stepSeconds` with `{{ interval }}` that step (so consecutive points cover disjoint spans; the
 * step should be at least twice the scrape interval for rate() to have two samples). Latency
 * queries answer in seconds and are reported in ms. A query must return one series (or none: no
 * data); several are the user's mistake.
 */
export class PrometheusProvider implements MetricProvider {
  readonly name = 'prometheus';
  private readonly api: PrometheusApi;

  constructor(private readonly settings: PrometheusSettings) {
    this.api = new PrometheusApi(settings.url);
    if (!Number.isFinite(settings.stepSeconds) || settings.stepSeconds <= 0) {
      throw new ConfigurationError(
        `prometheus-step: must be a positive number of seconds, not ${settings.stepSeconds}`,
      );
    }
  }

  supports(_kind: MetricKind): boolean {
    return true;
  }

  /** Prometheus answers, and each built-in query parses and gives at most one series per track. */
  async check(): Promise<void> {
    try {
      const response = await fetch(new URL('api/v1/status/buildinfo', this.api.url), {
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      throw new ConfigurationError(
        `prometheus-url: Prometheus does not answer at ${this.api.url} (${describeFetchError(error)})`,
      );
    }
    const now = new Date();
    const window = { start: new Date(now.getTime() - 60_000), end: now };
    for (const track of ['stable', 'canary'] as const) {
      for (const kind of ['error-rate', 'latency-p95'] as const) {
        await this.instant(this.queryOf({ name: kind, kind, track, window }), track, window);
      }
    }
  }

  async measure(request: MetricRequest): Promise<Measurement> {
    const { query, input } = this.queryOf(request);
    const { track, window } = request;
    const scale = request.kind === 'latency-p95' ? 1000 : 1;
    const rendered = renderQuery(query, { version: track, intervalSeconds: seconds(window) }, input);
    const value = await this.instant({ query, input }, track, window);
    const rangeQuery = renderQuery(query, { version: track, intervalSeconds: this.settings.stepSeconds }, input);
    // The first point covers the step before it: start one step in, so every point lies in the window.
    const firstPoint = new Date(
      Math.min(window.start.getTime() + this.settings.stepSeconds * 1000, window.end.getTime()),
    );
    const range = await this.api.queryRange(rangeQuery, firstPoint, window.end, this.settings.stepSeconds, input);
    const samples =
      one(range, input, rangeQuery)
        ?.points.map(([, v]) => v * scale)
        .filter(Number.isFinite) ?? [];
    const count = request.kind === 'custom' ? undefined : await this.count(track, window);
    return {
      value: value === undefined ? undefined : value * scale,
      ...(count === undefined ? {} : { count }),
      samples,
      source: `prometheus ${rendered}`,
    };
  }

  private queryOf(request: MetricRequest): { query: string; input: string } {
    if (request.kind === 'custom') {
      if (!request.query) throw new ConfigurationError(`analysis: metric "${request.name}" has no query`);
      return { query: request.query, input: `analysis: metric "${request.name}"` };
    }
    const query =
      request.query ?? (request.kind === 'error-rate' ? this.settings.errorRateQuery : this.settings.latencyQuery);
    return { query, input: INPUT[request.kind] };
  }

  /** The query's one value at the window's end; undefined for no series or NaN (0/0: no requests). */
  private async instant(
    { query, input }: { query: string; input: string },
    track: Track,
    window: { start: Date; end: Date },
  ): Promise<number | undefined> {
    const rendered = renderQuery(query, { version: track, intervalSeconds: seconds(window) }, input);
    const series = one(await this.api.query(rendered, window.end, input), input, rendered);
    const value = series?.points[0]?.[1];
    return value === undefined || Number.isNaN(value) ? undefined : value;
  }

  /** Requests in the window, for `min-samples`; undefined where the count query finds nothing. */
  private async count(track: Track, window: { start: Date; end: Date }): Promise<number | undefined> {
    const query = this.settings.countQuery ?? DEFAULT_COUNT_QUERY;
    const value = await this.instant({ query, input: 'request-count-query' }, track, window);
    return value === undefined ? undefined : Math.round(value);
  }
}

function one(series: Series[], input: string, query: string): Series | undefined {
  if (series.length > 1) {
    const labels = series
      .slice(0, 3)
      .map((s) => JSON.stringify(s.metric))
      .join(', ');
    throw new ConfigurationError(
      `${input}: the query returns ${series.length} series where one is expected (${labels}); aggregate it, e.g. sum(...): ${query}`,
    );
  }
  return series[0];
}

function seconds(window: { start: Date; end: Date }): number {
  return (window.end.getTime() - window.start.getTime()) / 1000;
}
