/**
 * The judge: one metric of one step, by its fixed threshold and, with `compare: baseline`, against
 * stable's samples of the same window, the way Kayenta's judge does: a two-sided Mann-Whitney U test
 * says whether the two differ at all, an effect-size tolerance says whether the difference matters.
 * A metric fails the comparison only when both hold and the canary is the worse side.
 */
import { mannWhitneyU, smallestPValue } from '@ccm/reports/stats';
import type { Measurement, MetricKind } from './ports';

export interface MetricSpec {
  /** The name in the report: 'error-rate', 'p95', or the analysis file's name. */
  name: string;
  kind: MetricKind;
  /** For custom metrics, and overrides of the built-ins. */
  query?: string;
  unit: string;
  /** The canary passes when its value is below max (above min). */
  max?: number;
  min?: number;
  /** Abort triggers, checked mid-step (built-ins only). */
  abortMax?: number;
  /** Whether the baseline comparison applies to this metric. */
  compare: boolean;
}

export interface BaselineOptions {
  /** 1 - confidence: the p-value under which the canary and stable differ. */
  alpha: number;
  /** The relative worsening tolerated, as a fraction (0.2 = 20 %). */
  tolerance: number;
}

export interface BaselineResult {
  verdict: 'pass' | 'fail' | 'skipped';
  stableValue?: number;
  pValue?: number;
  /** Relative change of the canary over stable (0.5 = 50 % higher); Infinity when stable is 0. */
  effect?: number;
  reason: string;
}

export type Verdict = 'pass' | 'fail' | 'no-data' | 'not-measured';

export interface MetricResult {
  name: string;
  unit: string;
  value?: number;
  count?: number;
  /** The threshold in words: '< 1 %', '>= 10'. */
  threshold: string;
  source?: string;
  baseline?: BaselineResult;
  verdict: Verdict;
  reason: string;
}

/** The fewest samples per side the comparison ranks; fewer, and it is skipped and says so. */
export const MIN_BASELINE_SAMPLES = 5;

/** Compares canary samples with stable's: worse only when significantly different and beyond tolerance. */
export function compareToBaseline(
  canary: { value?: number; samples: readonly number[] },
  stable: { value?: number; samples: readonly number[] },
  higherIsWorse: boolean,
  options: BaselineOptions,
): BaselineResult {
  const n1 = canary.samples.length;
  const n2 = stable.samples.length;
  const stableValue = stable.value ?? median(stable.samples);
  const base = stableValue === undefined ? {} : { stableValue };
  if (n1 < MIN_BASELINE_SAMPLES || n2 < MIN_BASELINE_SAMPLES || smallestPValue(n1, n2) >= options.alpha) {
    return { ...base, verdict: 'skipped', reason: `too few samples to compare (canary ${n1}, stable ${n2})` };
  }
  const { pValue } = mannWhitneyU(canary.samples, stable.samples);
  const canaryValue = canary.value ?? (median(canary.samples) as number);
  const effect = relativeChange(canaryValue, stableValue as number);
  const worse = higherIsWorse ? effect > options.tolerance : effect < -options.tolerance;
  const significant = pValue < options.alpha;
  const change = `${formatEffect(effect)} vs stable ${round(stableValue as number)}, p = ${formatP(pValue)}`;
  if (significant && worse) {
    return { ...base, verdict: 'fail', pValue, effect, reason: `worse than stable: ${change}` };
  }
  const why = significant ? 'within the tolerance' : 'no significant difference';
  return { ...base, verdict: 'pass', pValue, effect, reason: `${why}: ${change}` };
}

/**
 * Judges one metric. `canary` is undefined when the provider failed (no data); `stable` is there
 * when the baseline comparison applies and stable served traffic in the window.
 */
export function judgeMetric(
  spec: MetricSpec,
  canary: Measurement | undefined,
  stable: Measurement | undefined,
  options: BaselineOptions,
  failure?: string,
): MetricResult {
  const threshold = thresholdText(spec);
  const common = { name: spec.name, unit: spec.unit, threshold, ...(canary ? { source: canary.source } : {}) };
  if (!canary || canary.value === undefined || Number.isNaN(canary.value)) {
    return { ...common, verdict: 'no-data', reason: failure ?? 'no data in the window' };
  }
  const value = canary.value;
  const counted = { ...common, value, ...(canary.count === undefined ? {} : { count: canary.count }) };
  const baseline =
    spec.compare && stable && stable.value !== undefined
      ? compareToBaseline(canary, stable, spec.min === undefined, options)
      : undefined;
  const withBaseline = baseline ? { ...counted, baseline } : counted;
  if (spec.max !== undefined && !(value < spec.max)) {
    return {
      ...withBaseline,
      verdict: 'fail',
      reason: `${show(value, spec.unit)} is not below ${show(spec.max, spec.unit)}`,
    };
  }
  if (spec.min !== undefined && !(value >= spec.min)) {
    return {
      ...withBaseline,
      verdict: 'fail',
      reason: `${show(value, spec.unit)} is below ${show(spec.min, spec.unit)}`,
    };
  }
  if (baseline?.verdict === 'fail') return { ...withBaseline, verdict: 'fail', reason: baseline.reason };
  return { ...withBaseline, verdict: 'pass', reason: `${show(value, spec.unit)} ${threshold}` };
}

/** A metric the provider cannot measure at all: shown as such in every step, never as passed. */
export function notMeasured(spec: MetricSpec, provider: string): MetricResult {
  return {
    name: spec.name,
    unit: spec.unit,
    threshold: thresholdText(spec),
    verdict: 'not-measured',
    reason: `not measured by ${provider}`,
  };
}

export function thresholdText(spec: MetricSpec): string {
  const parts: string[] = [];
  if (spec.max !== undefined) parts.push(`< ${show(spec.max, spec.unit)}`);
  if (spec.min !== undefined) parts.push(`>= ${show(spec.min, spec.unit)}`);
  return parts.join(' and ') || 'baseline only';
}

export function show(value: number, unit: string): string {
  return unit === '' ? `${round(value)}` : `${round(value)} ${unit}`;
}

function relativeChange(canary: number, stable: number): number {
  if (stable === 0) return canary === 0 ? 0 : canary > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (canary - stable) / Math.abs(stable);
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
}

function formatEffect(effect: number): string {
  if (!Number.isFinite(effect)) return effect > 0 ? 'higher (stable 0)' : 'lower (stable 0)';
  return `${effect >= 0 ? '+' : ''}${Math.round(effect * 100)} %`;
}

function formatP(p: number): string {
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}
