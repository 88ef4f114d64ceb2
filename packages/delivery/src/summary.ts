/**
 * The job summary of a rollout: the outcome in one line, Mermaid charts of weight, error rate and
 * p95 per step, the table of every metric of every step with its numbers, and every decision.
 */
import { table, untrustedText } from '@ccm/toolkit';
import { show, type Verdict } from './judge';
import type { RolloutReport, StepReport } from './report';

const TITLE: Record<RolloutReport['result'], string> = {
  promoted: '✅ canary promoted',
  'rolled-back': '❌ canary rolled back',
  paused: '⏸️ canary paused',
};

const VERDICT: Record<Verdict, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  'no-data': '⚠️ no data',
  'not-measured': '➖ not measured',
};

export function renderSummary(report: RolloutReport): string {
  const title = `## ${TITLE[report.result]} (${report.strategy}, ${report.router}, metrics from ${report.provider})`;
  const parts = [title, `${untrustedText(report.reason)}. The canary holds ${report.finalWeight}% of traffic.`];
  if (report.notMeasured.length > 0) parts.push(`> ${report.notMeasured.map(untrustedText).join('; ')}`);
  if (report.steps.length > 0) parts.push(charts(report.steps), stepTable(report));
  parts.push('### Decisions', decisionTable(report));
  const { policy } = report;
  const compared =
    policy.compare === 'baseline'
      ? `against stable by a two-sided Mann-Whitney U test at ${policy.confidence}% confidence, failing only beyond a ${policy.tolerance}% worsening`
      : 'by fixed thresholds only';
  parts.push(
    `Steps ${policy.steps.join(' → ')}%, ${policy.intervalMs / 1000} s each, at least ${policy.minSamples} canary requests a step; judged ${compared}; no-data: ${policy.noData}.`,
  );
  return `${parts.join('\n\n')}\n`;
}

function label(step: StepReport, index: number): string {
  return step.phase === 'step' ? `${index + 1}: ${step.weight}%` : `${step.phase} ${step.weight}%`;
}

function value(step: StepReport, name: string): number {
  const found = step.metrics.find((m) => m.name === name)?.value;
  return found === undefined ? 0 : Number(found.toFixed(2));
}

/** Two xy charts (Mermaid has one y axis a chart): weight and error rate in percent, p95 in ms. */
function charts(steps: StepReport[]): string {
  const xs = `x-axis [${steps.map((s, i) => `"${label(s, i)}"`).join(', ')}]`;
  const percent = [
    'xychart-beta',
    '    title "Canary weight (bars) and error rate (line), %"',
    `    ${xs}`,
    '    y-axis "percent" 0 --> 100',
    `    bar [${steps.map((s) => s.weight).join(', ')}]`,
    `    line [${steps.map((s) => value(s, 'error-rate')).join(', ')}]`,
  ];
  const p95 = steps.map((s) => value(s, 'p95'));
  const latency = [
    'xychart-beta',
    '    title "Canary p95 latency per step, ms (0: not measured)"',
    `    ${xs}`,
    `    y-axis "ms" 0 --> ${Math.max(1, Math.ceil(Math.max(...p95) * 1.2))}`,
    `    line [${p95.join(', ')}]`,
  ];
  return ['```mermaid', ...percent, '```', '', '```mermaid', ...latency, '```'].join('\n');
}

function stepTable(report: RolloutReport): string {
  const rows = report.steps.flatMap((step, i) =>
    step.metrics.map((metric) => [
      untrustedText(label(step, i)),
      `${step.samples.canary ?? '–'} / ${step.samples.stable ?? '–'}`,
      untrustedText(metric.name),
      metric.value === undefined ? '–' : untrustedText(show(metric.value, metric.unit)),
      untrustedText(metric.threshold),
      metric.baseline?.stableValue === undefined ? '–' : untrustedText(show(metric.baseline.stableValue, metric.unit)),
      metric.baseline?.pValue === undefined ? '–' : metric.baseline.pValue.toPrecision(3),
      VERDICT[metric.verdict],
      untrustedText(metric.reason),
    ]),
  );
  return table(
    ['Step', 'Requests canary / stable', 'Metric', 'Canary', 'Threshold', 'Stable', 'p-value', 'Verdict', 'Why'],
    rows,
  );
}

function decisionTable(report: RolloutReport): string {
  return table(
    ['Time (UTC)', 'Weight', 'Decision', 'Why'],
    report.decisions.map((d) => [d.at.slice(11, 19), `${d.weight}%`, d.action, untrustedText(d.reason)]),
  );
}
