import type { MetricProvider } from '../ports';
import type { MetricSettings } from '../settings';
import { HaproxyStatsProvider } from './haproxy-stats';
import { ProbeProvider } from './probe';
import { PrometheusProvider } from './prometheus';

export { DEFAULT_COUNT_QUERY, DEFAULT_ERROR_RATE_QUERY, DEFAULT_LATENCY_QUERY } from './promql';

/** The adapter for the `metrics` input's provider. */
export function createMetricProvider(settings: MetricSettings): MetricProvider {
  switch (settings.kind) {
    case 'prometheus':
      return new PrometheusProvider(settings);
    case 'haproxy':
      return new HaproxyStatsProvider(settings);
    case 'probe':
      return new ProbeProvider(settings);
  }
}
