import { ConfigurationError } from '@ccm/toolkit/errors';
import type { Track } from '../ports';

/**
 * The default queries, over the metrics most HTTP services export (prom-client's and
 * client_golang's conventions): the counter `http_requests_total{version, code}` and the histogram
 * `http_request_duration_seconds_bucket{version, le}`.
 *
 * `{{ version }}` becomes the track's name, `stable` or `canary`: the value the stable and canary
 * deployments carry in a label (here `version`; a query of one's own may use any label name, e.g.
 * `track="{{ version }}"`, or a scrape relabelling may set it). `{{ interval }}` becomes the window's
 * length in whole seconds (`60s`) for the window's value, and the range step for the samples.
 */
export const DEFAULT_ERROR_RATE_QUERY =
  '100 * (sum(rate(http_requests_total{version="{{ version }}",code=~"5.."}[{{ interval }}])) or vector(0))' +
  ' / sum(rate(http_requests_total{version="{{ version }}"}[{{ interval }}]))';
export const DEFAULT_LATENCY_QUERY =
  'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{version="{{ version }}"}[{{ interval }}])))';
/** Requests in the window, for `min-samples`. */
export const DEFAULT_COUNT_QUERY = 'sum(increase(http_requests_total{version="{{ version }}"}[{{ interval }}]))';

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** Replaces the placeholders; any other `{{ name }}` is the user's mistake, named by `input`. */
export function renderQuery(query: string, values: { version: Track; intervalSeconds: number }, input: string): string {
  return query.replace(PLACEHOLDER, (_whole, name: string) => {
    if (name === 'version') return values.version;
    if (name === 'interval') return `${Math.max(1, Math.round(values.intervalSeconds))}s`;
    throw new ConfigurationError(
      `${input}: unknown placeholder {{ ${name} }} (only {{ version }} and {{ interval }} exist)`,
    );
  });
}
