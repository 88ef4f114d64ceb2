/**
 * One step of a rollout, once its weight is set: bake for `interval` while the abort triggers and
 * the health check run every `check-interval`, then judge every metric over the step's window, and
 * apply the no-data policy. Returns the step with its verdict; the caller moves traffic.
 */
import type { Logger } from '@ccm/toolkit';
import { errorMessage } from '@ccm/toolkit/errors';
import type { Clock } from './clock';
import { type BaselineOptions, judgeMetric, type MetricResult, type MetricSpec, notMeasured, show } from './judge';
import type { HealthCheck, Measurement, MetricProvider, TimeWindow, Track } from './ports';
import type { StepPhase } from './report';

export interface BakePolicy {
  intervalMs: number;
  checkIntervalMs: number;
  minSamples: number;
  metrics: MetricSpec[];
  maxHealthFailures: number;
  noData: 'fail' | 'extend' | 'pass';
  /** Undefined with `compare: thresholds`. */
  baseline?: BaselineOptions;
}

export interface BakeWorld {
  metrics: MetricProvider;
  health?: HealthCheck;
  clock: Clock;
  log: Logger;
}

/** The abort triggers act once the canary served this many requests in the step (or min-samples, if lower). */
export const ABORT_MIN_SAMPLES = 20;

export interface BakeOutcome {
  phase: StepPhase;
  weight: number;
  start: number;
  end: number;
  samples: { canary?: number; stable?: number };
  metrics: MetricResult[];
  health?: { checks: number; failures: number };
  extended: boolean;
  /** pass: advance; no-data: the policy decides; fail, abort: roll back. */
  verdict: 'pass' | 'fail' | 'no-data' | 'abort';
  reason: string;
}

export async function bake(
  phase: StepPhase,
  weight: number,
  policy: BakePolicy,
  world: BakeWorld,
): Promise<BakeOutcome> {
  const { clock } = world;
  const start = clock.now();
  let deadline = start + policy.intervalMs;
  let extended = false;
  const health = { checks: 0, failures: 0, consecutive: 0 };
  let lastTick = start;
  await observe(world, { start: new Date(start), end: new Date(start) });
  const outcome = (rest: Pick<BakeOutcome, 'metrics' | 'samples' | 'verdict' | 'reason'>): BakeOutcome => ({
    phase,
    weight,
    start,
    end: clock.now(),
    extended,
    ...(world.health ? { health: { checks: health.checks, failures: health.failures } } : {}),
    ...rest,
  });

  for (;;) {
    while (clock.now() < deadline) {
      await clock.sleep(Math.min(policy.checkIntervalMs, deadline - clock.now()));
      const now = clock.now();
      await observe(world, { start: new Date(lastTick), end: new Date(now) });
      lastTick = now;
      const window = { start: new Date(start), end: new Date(now) };
      const abort = (await abortTrigger(policy, world, window, weight)) ?? (await healthTrigger(policy, world, health));
      if (abort) return outcome({ ...abort, verdict: 'abort' });
    }
    const window = { start: new Date(start), end: new Date(clock.now()) };
    const judged = await judgeStep(policy, world, window, weight);
    if (judged.verdict !== 'no-data' || policy.noData !== 'extend' || extended) return outcome(judged);
    extended = true;
    deadline += policy.intervalMs;
    world.log.info(`${weight}%: ${judged.reason}; waiting one more interval (no-data: extend).`);
  }
}

/** Judges every metric over the window: fail beats no-data beats pass. */
async function judgeStep(
  policy: BakePolicy,
  world: BakeWorld,
  window: TimeWindow,
  weight: number,
): Promise<Pick<BakeOutcome, 'metrics' | 'samples' | 'verdict' | 'reason'>> {
  const provider = world.metrics;
  const metrics: MetricResult[] = [];
  const samples: BakeOutcome['samples'] = {};
  // Stable serves nothing at 100 %: there is no baseline to compare with.
  const withStable = policy.baseline !== undefined && weight < 100;
  for (const spec of policy.metrics) {
    if (!provider.supports(spec.kind)) {
      metrics.push(notMeasured(spec, provider.name));
      continue;
    }
    const canary = await measure(provider, spec, 'canary', window);
    const stable = withStable && spec.compare ? await measure(provider, spec, 'stable', window) : undefined;
    if (spec.kind === 'error-rate') {
      if (canary.measurement?.count !== undefined) samples.canary = canary.measurement.count;
      if (stable?.measurement?.count !== undefined) samples.stable = stable.measurement.count;
    }
    metrics.push(
      judgeMetric(spec, canary.measurement, stable?.measurement, policy.baseline ?? NO_BASELINE, canary.failure),
    );
  }
  const failed = metrics.filter((m) => m.verdict === 'fail');
  if (failed.length > 0) {
    return { metrics, samples, verdict: 'fail', reason: failed.map((m) => `${m.name} ${m.reason}`).join('; ') };
  }
  const missing = metrics.filter((m) => m.verdict === 'no-data').map((m) => `${m.name}: ${m.reason}`);
  if (samples.canary !== undefined && samples.canary < policy.minSamples) {
    missing.unshift(`${samples.canary} requests to the canary, fewer than min-samples ${policy.minSamples}`);
  }
  if (missing.length > 0) return { metrics, samples, verdict: 'no-data', reason: `no data: ${missing.join('; ')}` };
  const passed = metrics.filter((m) => m.verdict === 'pass').map((m) => `${m.name} ${m.reason}`);
  return { metrics, samples, verdict: 'pass', reason: passed.join('; ') || 'nothing measured' };
}

const NO_BASELINE: BaselineOptions = { alpha: 0, tolerance: 0 };

/** An abort trigger tripped by the step's window so far, or undefined. */
async function abortTrigger(
  policy: BakePolicy,
  world: BakeWorld,
  window: TimeWindow,
  weight: number,
): Promise<Pick<BakeOutcome, 'metrics' | 'samples' | 'reason'> | undefined> {
  const floor = Math.min(ABORT_MIN_SAMPLES, policy.minSamples);
  let count: number | undefined;
  for (const spec of policy.metrics) {
    if (spec.abortMax === undefined || !world.metrics.supports(spec.kind)) continue;
    const { measurement } = await measure(world.metrics, spec, 'canary', window);
    if (spec.kind === 'error-rate') count = measurement?.count;
    const value = measurement?.value;
    if (value === undefined || Number.isNaN(value) || !(value > spec.abortMax)) continue;
    if (count !== undefined && count < floor) continue;
    const reason = `abort trigger: ${spec.name} ${show(value, spec.unit)} is above ${show(spec.abortMax, spec.unit)} at ${weight}%${count === undefined ? '' : ` (${count} requests)`}`;
    const metric: MetricResult = {
      name: spec.name,
      unit: spec.unit,
      value,
      ...(count === undefined ? {} : { count }),
      threshold: `abort > ${show(spec.abortMax, spec.unit)}`,
      source: measurement?.source ?? '',
      verdict: 'fail',
      reason,
    };
    return { metrics: [metric], samples: count === undefined ? {} : { canary: count }, reason };
  }
  return undefined;
}

async function healthTrigger(
  policy: BakePolicy,
  world: BakeWorld,
  health: { checks: number; failures: number; consecutive: number },
): Promise<Pick<BakeOutcome, 'metrics' | 'samples' | 'reason'> | undefined> {
  if (!world.health) return undefined;
  let result: { healthy: boolean; detail: string };
  try {
    result = await world.health.probe('canary');
  } catch (error) {
    result = { healthy: false, detail: errorMessage(error) };
  }
  health.checks++;
  if (result.healthy) {
    health.consecutive = 0;
    return undefined;
  }
  health.failures++;
  health.consecutive++;
  world.log.warning(`health check of the canary failed (${health.consecutive} in a row): ${result.detail}`);
  if (health.consecutive <= policy.maxHealthFailures) return undefined;
  return {
    metrics: [],
    samples: {},
    reason: `abort trigger: ${health.consecutive} consecutive failed health checks, more than max-health-failures ${policy.maxHealthFailures} (last: ${result.detail})`,
  };
}

async function measure(
  provider: MetricProvider,
  spec: MetricSpec,
  track: Track,
  window: TimeWindow,
): Promise<{ measurement?: Measurement; failure?: string }> {
  try {
    return {
      measurement: await provider.measure({
        name: spec.name,
        kind: spec.kind,
        track,
        window,
        ...(spec.query ? { query: spec.query } : {}),
      }),
    };
  } catch (error) {
    // An unreachable provider is no data, never a pass: the no-data policy decides.
    return { failure: `${provider.name} did not answer: ${errorMessage(error)}` };
  }
}

async function observe(world: BakeWorld, window: TimeWindow): Promise<void> {
  try {
    await world.metrics.observe?.(window);
  } catch (error) {
    world.log.warning(`${world.metrics.name}: ${errorMessage(error)}`);
  }
}
