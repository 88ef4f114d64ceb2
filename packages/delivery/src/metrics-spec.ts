import type { MetricSpec } from './judge';

export interface Criteria {
  maxErrorRate: number;
  maxP95Ms: number;
  abortErrorRate: number;
  abortP95Ms: number;
}

/** The two metrics every rollout judges: error rate and p95 latency, with their abort triggers. */
export function builtinMetrics(criteria: Criteria, compare: boolean): MetricSpec[] {
  return [
    {
      name: 'error-rate',
      kind: 'error-rate',
      unit: '%',
      max: criteria.maxErrorRate,
      abortMax: criteria.abortErrorRate,
      compare,
    },
    {
      name: 'p95',
      kind: 'latency-p95',
      unit: 'ms',
      max: criteria.maxP95Ms,
      abortMax: criteria.abortP95Ms,
      compare,
    },
  ];
}
