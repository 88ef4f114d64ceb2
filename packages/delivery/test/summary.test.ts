import { describe, expect, it } from 'vitest';
import type { RolloutReport } from '../src/report';
import { renderSummary } from '../src/summary';

const at = '2026-12-03T12:00:00.000Z';
const report: RolloutReport = {
  strategy: 'blue-green',
  router: 'nginx',
  provider: 'probe',
  startedAt: at,
  endedAt: at,
  result: 'rolled-back',
  finalWeight: 0,
  reason: 'switched back to the active pool at 100%: error-rate 12 % is not below 1 %',
  notMeasured: [],
  policy: {
    steps: [100],
    intervalMs: 30_000,
    minSamples: 100,
    noData: 'extend',
    compare: 'thresholds',
    confidence: 0,
    tolerance: 0,
  },
  steps: [
    {
      phase: 'post-promotion',
      weight: 100,
      start: at,
      end: at,
      samples: { canary: 240 },
      metrics: [
        {
          name: 'error-rate',
          unit: '%',
          value: 12,
          count: 240,
          threshold: '< 1 %',
          verdict: 'fail',
          reason: '12 % is not below 1 %',
        },
        { name: 'p95', unit: 'ms', value: 80.5, threshold: '< 500 ms', verdict: 'pass', reason: '80.5 ms < 500 ms' },
      ],
      extended: false,
      verdict: 'fail',
      decision: { at, weight: 100, action: 'rollback', reason: 'error-rate 12 % is not below 1 %' },
    },
  ],
  decisions: [
    { at, weight: 100, action: 'switch', reason: 'all traffic switched to the preview' },
    { at, weight: 100, action: 'rollback', reason: 'error-rate 12 % is not below 1 %' },
    {
      at,
      weight: 0,
      action: 'switch-back',
      reason: 'switched back to the active pool at 100%: error-rate 12 % is not below 1 %',
    },
  ],
};

describe('the job summary', () => {
  const summary = renderSummary(report);
  it('says the outcome, the charts per step and the policy it was judged by', () => {
    expect(summary).toMatch(/^## ❌ canary rolled back \(blue-green, nginx, metrics from probe\)\n/);
    expect(summary).toContain('x-axis ["post-promotion 100%"]');
    expect(summary).toContain('    bar [100]\n    line [12]');
    expect(summary).toContain('    y-axis "ms" 0 --> 97\n    line [80.5]');
    expect(summary).toContain(
      'Steps 100%, 30 s each, at least 100 canary requests a step; judged by fixed thresholds only; no-data: extend.',
    );
  });
  it('tables every metric of every step and every decision with its numbers', () => {
    expect(summary).toContain(
      '| post-promotion 100% | 240 / – | error-rate | 12 % | &#60; 1 % | – | – | ❌ fail | 12 % is not below 1 % |',
    );
    expect(summary).toContain('| 12:00:00 | 100% | switch | all traffic switched to the preview |');
    expect(summary).toContain(
      '| 12:00:00 | 0% | switch-back | switched back to the active pool at 100%: error-rate 12 % is not below 1 % |',
    );
  });
});
