/**
 * The canary-deploy step, for the action and `ccm canary` alike: resolve the inputs, open and check
 * the adapters, run the rollout, then write the report, outputs, summary and Deployment status, and
 * fail last when the canary was rolled back. The post stage returns traffic to stable when the main
 * stage never reached a decision (cancelled, killed, crashed).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Runtime } from '@ccm/toolkit';
import { ConfigurationError, errorMessage } from '@ccm/toolkit/errors';
import { type Clock, systemClock } from './clock';
import type { DeploymentLedger, DeploymentState } from './deployments';
import { type HookRunner, processHookRunner } from './hooks';
import type { HealthCheck, MetricProvider, TrafficRouter } from './ports';
import { type RolloutReport, writeReport } from './report';
import { type CanarySettings, CHECK_TIMEOUT_MS, resolveCanarySettings } from './resolve';
import { type ResumePoint, runRollout, type SmokeCheck } from './rollout';
import type { HealthSettings, MetricSettings, RouterSettings } from './settings';
import { renderSummary } from './summary';

/** The adapters a step opens from its settings: the real ones in the action, fakes in tests. */
export interface CanaryAdapters {
  createRouter(settings: RouterSettings): TrafficRouter;
  createMetricProvider(settings: MetricSettings): MetricProvider;
  createHealthCheck(settings: HealthSettings): HealthCheck;
  smokeCheck(url: string, timeoutMs: number): SmokeCheck;
  /** Opens the Deployment ledger; absent outside GitHub. */
  ledger?(token: string, environment: string): DeploymentLedger;
  clock?: Clock;
  runHook?: HookRunner;
}

export interface CanaryContext {
  workspace: string;
  tempDir: string;
}

/** A rolled-back canary: the step fails after its outputs, report and summary are written. */
export class RolloutFailedError extends ConfigurationError {
  override name = 'RolloutFailedError';
  constructor(readonly report: RolloutReport) {
    super(`canary rolled back: ${report.reason}`);
  }
}

/** State the main stage leaves for the post stage. */
export const STATE = { post: 'isPost', moving: 'canary-moving', router: 'canary-router' } as const;

/** One bundle runs as main and as post, told apart by a state flag the main stage leaves. */
export async function canaryActionStage(
  runtime: Runtime,
  context: CanaryContext,
  adapters: CanaryAdapters,
): Promise<void> {
  if (runtime.getState(STATE.post) === 'true') {
    await canaryPostStep(runtime, adapters);
    return;
  }
  runtime.saveState(STATE.post, 'true');
  await canaryStep(runtime, context, adapters);
}

export async function canaryStep(
  runtime: Runtime,
  context: CanaryContext,
  adapters: CanaryAdapters,
): Promise<RolloutReport> {
  const settings = await resolveCanarySettings(runtime.getInput, context.workspace);
  if (settings.token) runtime.mask(settings.token);
  const router = adapters.createRouter(settings.router);
  const metrics = adapters.createMetricProvider(settings.metrics);
  try {
    return await rollOut(runtime, context, adapters, settings, router, metrics);
  } finally {
    await Promise.allSettled([router.close?.(), metrics.close?.()]);
  }
}

async function rollOut(
  runtime: Runtime,
  context: CanaryContext,
  adapters: CanaryAdapters,
  settings: CanarySettings,
  router: TrafficRouter,
  metrics: MetricProvider,
): Promise<RolloutReport> {
  const { log } = runtime;
  const clock = adapters.clock ?? systemClock;
  // Everything is checked before any traffic moves.
  await router.check();
  await metrics.check();
  const custom = settings.policy.metrics.filter((m) => m.kind === 'custom');
  if (custom.length > 0 && !metrics.supports('custom')) {
    throw new ConfigurationError(
      `input analysis: ${custom.map((m) => m.name).join(', ')} need a provider that runs queries; ${metrics.name} does not (use metrics: prometheus)`,
    );
  }
  for (const metric of settings.policy.metrics) {
    if (!metrics.supports(metric.kind)) {
      log.warning(`${metric.name} is not measured by ${metrics.name}: shown as such in every step, never as passed.`);
    }
  }
  const health = settings.health ? adapters.createHealthCheck(settings.health) : undefined;
  await preflight(settings, metrics, clock);
  const resume = settings.resume ? await readSaved(settings.stateFile) : undefined;
  const ledger = openLedger(runtime, adapters, settings);
  await record(runtime, ledger, 'in_progress', resume ? 'canary rollout resumed' : 'canary rollout started');

  runtime.saveState(STATE.router, JSON.stringify(settings.router));
  const report = await runRollout(
    settings.policy,
    {
      router,
      metrics,
      ...(health ? { health } : {}),
      ...(settings.smokeUrl ? { smoke: adapters.smokeCheck(settings.smokeUrl, CHECK_TIMEOUT_MS) } : {}),
      clock,
      log,
      runHook: adapters.runHook ?? processHookRunner(log, settings.root),
      onMoving: (moving) => runtime.saveState(STATE.moving, String(moving)),
    },
    resume,
  ).catch(async (error: unknown) => {
    // A hook or an adapter failed: the Deployment must not stay in progress.
    await record(runtime, ledger, 'failure', errorMessage(error));
    throw error;
  });

  const reportPath = settings.reportPath ?? join(context.tempDir, 'canary-report.json');
  await writeReport(reportPath, report);
  if (report.result === 'paused') await save(settings.stateFile, report);
  runtime.setOutput('result', report.result);
  runtime.setOutput('final-weight', String(report.finalWeight));
  runtime.setOutput('report', reportPath);
  await runtime.writeSummary(renderSummary(report));
  const state: DeploymentState =
    report.result === 'promoted' ? 'success' : report.result === 'paused' ? 'in_progress' : 'failure';
  await record(runtime, ledger, state, report.reason);
  log.info(`Result: ${report.result} at ${report.finalWeight}%: ${report.reason}`);
  if (report.result === 'rolled-back') throw new RolloutFailedError(report);
  return report;
}

/**
 * Runs every query once over the last interval before traffic moves, so a query the provider
 * rejects (several series where one is expected, bad syntax) fails now, naming its input.
 */
async function preflight(settings: CanarySettings, metrics: MetricProvider, clock: Clock): Promise<void> {
  const end = clock.now();
  const window = { start: new Date(end - settings.policy.intervalMs), end: new Date(end) };
  for (const spec of settings.policy.metrics) {
    if (!metrics.supports(spec.kind)) continue;
    try {
      await metrics.measure({
        name: spec.name,
        kind: spec.kind,
        track: 'stable',
        window,
        ...(spec.query ? { query: spec.query } : {}),
      });
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      // Unreachable now is for check() to say; no data before the rollout is expected.
    }
  }
}

/** The post stage: traffic back to stable when the main stage was cut off mid-rollout. */
export async function canaryPostStep(runtime: Runtime, adapters: Pick<CanaryAdapters, 'createRouter'>): Promise<void> {
  if (runtime.getState(STATE.moving) !== 'true') return;
  const settings = JSON.parse(runtime.getState(STATE.router)) as RouterSettings;
  const router = adapters.createRouter(settings);
  try {
    const before = await router.weight().catch(() => undefined);
    await router.setWeight(0);
    runtime.log.warning(
      `The job was cancelled or the rollout crashed mid-rollout: all traffic returned to stable (${router.name}: canary weight ${before ?? '?'}% -> 0%).`,
    );
  } finally {
    await router.close?.();
  }
}

function openLedger(
  runtime: Runtime,
  adapters: CanaryAdapters,
  settings: CanarySettings,
): DeploymentLedger | undefined {
  if (!settings.environment) return undefined;
  if (!settings.token || !adapters.ledger) {
    runtime.log.warning(
      `No Deployment recorded for ${settings.environment}: it needs github-token inside GitHub Actions.`,
    );
    return undefined;
  }
  return adapters.ledger(settings.token, settings.environment);
}

/** A Deployment status that cannot be written is a warning: the rollout's outcome stands without it. */
async function record(
  runtime: Runtime,
  ledger: DeploymentLedger | undefined,
  state: DeploymentState,
  description: string,
): Promise<void> {
  if (!ledger) return;
  try {
    await ledger.status(state, description);
  } catch (error) {
    runtime.log.warning(`Could not record the Deployment status ${state}: ${errorMessage(error)}`);
  }
}

interface SavedRollout extends ResumePoint {
  version: 1;
  pausedAt: number;
}

async function save(file: string, report: RolloutReport): Promise<void> {
  const saved: SavedRollout = {
    version: 1,
    pausedAt: report.finalWeight,
    steps: report.steps,
    decisions: report.decisions,
    startedAt: report.startedAt,
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(saved, null, 2)}\n`);
}

async function readSaved(file: string): Promise<ResumePoint> {
  let saved: Partial<SavedRollout>;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as Partial<SavedRollout>;
  } catch (error) {
    throw new ConfigurationError(
      `input resume: cannot read the paused rollout in ${file} (state-file): ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`,
    );
  }
  if (saved.version !== 1 || !Array.isArray(saved.steps) || !Array.isArray(saved.decisions)) {
    throw new ConfigurationError(`input resume: ${file} (state-file) is not a paused rollout saved by canary-deploy`);
  }
  return { steps: saved.steps, decisions: saved.decisions, startedAt: String(saved.startedAt ?? '') };
}
