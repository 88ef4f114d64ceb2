/**
 * The rollback step, for the action and `ccm rollback` alike: read the ledger, pick the last good
 * release, restore it (deploy-command and/or the router), wait for health, record both releases'
 * outcomes, then write the report, outputs and summary, and fail last when health did not return.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError, type Runtime, readInputs } from '@ccm/toolkit';
import { ConfigurationError, errorMessage } from '@ccm/toolkit/errors';
import { type Clock, formatDuration, parseDuration, systemClock } from '../clock';
import type { HookRunner } from '../hooks';
import { processHookRunner } from '../hooks';
import { listReleases, type Release, type ReleaseLedger } from '../ledger';
import type { TrafficRouter } from '../ports';
import { routerSettings } from '../resolve';
import type { SmokeCheck } from '../rollout';
import type { RouterSettings } from '../settings';
import { waitUntilHealthy } from './health';
import { type RollbackInputValues, rollbackInputs } from './inputs';
import { planRollback, rollbackOfRun, substitute } from './plan';
import { type RollbackReport, renderRollbackSummary, writeRollbackReport } from './report';
import { openRevertPullRequest, type PullRequestApi, type RevertContext } from './revert-pr';

/** How far back a rerun looks for its own rollback, and how much history a plan reads. */
const HISTORY_LIMIT = 1000;
const HEALTH_TIMEOUT_MS = 2000;

export interface RollbackAdapters {
  /** Opens the ledger an input names (`github`, `file:PATH`). */
  openLedger(spec: string, root: string, token: string | undefined): ReleaseLedger;
  createRouter(settings: RouterSettings): TrafficRouter;
  healthCheck(url: string, timeoutMs: number): SmokeCheck;
  /** The REST client `revert-pr` opens its pull request with. */
  openPulls(token: string, apiUrl: string | undefined): PullRequestApi;
  runCommand?: HookRunner;
  clock?: Clock;
}

export interface RollbackContext {
  workspace: string;
  tempDir: string;
  /** GITHUB_RUN_ID: a rerun of the same run is recognised by it. */
  runId?: string;
  /** Inside GitHub Actions the ledger defaults to github. */
  inActions: boolean;
  /** The repository and run, for `revert-pr` (see revertContextOf). */
  github?: RevertContext & { apiUrl?: string };
}

/** The rollback did not bring health back, or could not restore: fails after the report is written. */
export class RollbackFailedError extends ConfigurationError {
  override name = 'RollbackFailedError';
  constructor(readonly report: RollbackReport) {
    super(`rollback of ${report.environment} failed: ${report.reason}`);
  }
}

export async function rollbackStep(
  runtime: Runtime,
  context: RollbackContext,
  adapters: RollbackAdapters,
): Promise<RollbackReport> {
  const clock = adapters.clock ?? systemClock;
  const started = clock.now();
  const inputs = readInputs(rollbackInputs, runtime.getInput);
  const token = inputs['github-token'];
  if (token) runtime.mask(token);
  const root = inputs['working-directory']
    ? resolve(context.workspace, inputs['working-directory'])
    : context.workspace;
  const deployCommand = inputs['deploy-command'];
  if (deployCommand.length === 0 && !inputs.router) {
    throw new InputError('deploy-command', 'or router is required: say how to restore a release');
  }
  const ledgerSpec = inputs.ledger ?? (context.inActions ? 'github' : undefined);
  if (!ledgerSpec) throw new InputError('ledger', 'is required outside GitHub Actions (file:PATH)');
  const ledger = adapters.openLedger(ledgerSpec, root, token);
  const router = inputs.router
    ? adapters.createRouter(routerSettings({ ...inputs, router: inputs.router }, root))
    : undefined;

  const report: RollbackReport = {
    result: 'failed',
    environment: inputs.environment,
    ledger: ledger.name,
    reason: '',
    actions: [],
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
  };
  const act = (what: string) => {
    report.actions.push({ at: new Date(clock.now()).toISOString(), what });
    runtime.log.info(what);
  };
  try {
    await router?.check();
    await restore(inputs, { ledger, router, root, context, adapters, clock, report, act, deployCommand, started });
  } finally {
    await router?.close?.();
    report.durationMs = report.durationMs || clock.now() - started;
  }
  if (inputs['revert-pr'] && report.result === 'rolled-back')
    await revertPullRequest(inputs, { runtime, context, adapters, report, root, act });
  const reportPath = inputs['report-path']
    ? resolve(root, inputs['report-path'])
    : join(context.tempDir, 'rollback-report.json');
  await writeRollbackReport(reportPath, report);
  runtime.setOutput('rolled-back-to', report.to?.version ?? '');
  runtime.setOutput('duration-ms', String(report.durationMs));
  runtime.setOutput('report', reportPath);
  runtime.setOutput('revert-pr-url', report.revertPr?.url ?? '');
  await runtime.writeSummary(renderRollbackSummary(report));
  runtime.log.info(`${report.result}: ${report.reason} (${formatDuration(report.durationMs)})`);
  if (report.result === 'failed') throw new RollbackFailedError(report);
  return report;
}

interface RestoreParts {
  ledger: ReleaseLedger;
  router: TrafficRouter | undefined;
  root: string;
  context: RollbackContext;
  adapters: RollbackAdapters;
  clock: Clock;
  report: RollbackReport;
  act: (what: string) => void;
  deployCommand: string[];
  started: number;
}

async function restore(inputs: RollbackInputValues, parts: RestoreParts): Promise<void> {
  const { ledger, report, act, context, clock } = parts;
  const environment = inputs.environment;
  const before = await listReleases(ledger, environment, HISTORY_LIMIT);
  const done = rollbackOfRun(before, context.runId);
  if (done) {
    report.result = 'already-rolled-back';
    report.to = pick(done);
    report.reason = `run ${context.runId} already rolled ${environment} back to ${done.version} (release ${done.id}); nothing done again`;
    return;
  }
  const lock = await ledger.lock(
    environment,
    `run ${context.runId ?? `pid ${process.pid}`}`,
    duration('lock-timeout', inputs['lock-timeout']),
  );
  try {
    const history = await listReleases(ledger, environment, HISTORY_LIMIT);
    // Another rollback finished while this one waited for the lock: one restore is enough.
    const newest = history[0];
    if (newest && newest.id !== before[0]?.id && newest.source === 'rollback') {
      report.result = 'already-rolled-back';
      report.to = pick(newest);
      report.reason = `another rollback (run ${newest.runId ?? '?'}) restored ${newest.version} while this one waited; nothing done again`;
      return;
    }
    const plan = planRollback(history, environment, inputs.to);
    report.to = pick(plan.target);
    if (plan.current) report.from = pick(plan.current);
    act(
      `rolling ${environment} back from ${plan.current?.version ?? 'nothing'} to ${plan.target.version} (release ${plan.target.id})`,
    );
    if (inputs.artifact)
      await checkArtifact(resolve(parts.root, substitute(inputs.artifact, plan.target)), plan.target, act);
    const recorded = await ledger.record({
      environment,
      version: plan.target.version,
      outcome: 'in_progress',
      source: 'rollback',
      ...optional(plan.target),
      ...(context.runId ? { runId: context.runId } : {}),
      ...(plan.current ? { replaces: plan.current.id } : {}),
      description: `rollback from ${plan.current?.version ?? 'nothing'}`,
    });
    report.recorded = recorded.id;
    const outcome = await restoreAndCheck(inputs, parts, plan.target).catch(async (error: unknown) => {
      // The ledger must not keep an in-progress rollback that crashed.
      await ledger.setOutcome(recorded.id, 'failure', errorMessage(error)).catch(() => undefined);
      throw error;
    });
    report.durationMs = clock.now() - parts.started;
    if (outcome.ok) {
      report.result = 'rolled-back';
      report.reason = `${environment} runs ${plan.target.version} again${plan.current ? ` instead of ${plan.current.version}` : ''}`;
      await ledger.setOutcome(recorded.id, 'success', report.reason);
      if (plan.current) await ledger.setOutcome(plan.current.id, 'failure', `rolled back to ${plan.target.version}`);
    } else {
      report.reason = outcome.reason;
      await ledger.setOutcome(recorded.id, 'failure', outcome.reason);
    }
  } finally {
    await lock.release();
  }
}

/**
 * Opens the revert pull request. Its failure never undoes or fails the rollback, which stands: the
 * step warns, says why in the report and summary, and leaves revert-pr-url empty.
 */
async function revertPullRequest(
  inputs: RollbackInputValues,
  parts: {
    runtime: Runtime;
    context: RollbackContext;
    adapters: RollbackAdapters;
    report: RollbackReport;
    root: string;
    act: (what: string) => void;
  },
): Promise<void> {
  const { runtime, context, report } = parts;
  try {
    const { from, to } = report;
    if (!from || !to) throw new ConfigurationError('revert-pr: no release ran before this rollback: nothing to revert');
    const github = context.github;
    if (!github)
      throw new ConfigurationError('revert-pr: needs the repository (GITHUB_REPOSITORY) to open a pull request in');
    const token = inputs['github-token'];
    if (!token)
      throw new InputError('github-token', 'is required by revert-pr (contents: write, pull-requests: write)');
    const base = inputs['revert-base'] ?? github.branch;
    if (!base) throw new InputError('revert-base', 'is required when the workflow does not run on a branch');
    const pull = await openRevertPullRequest(
      { environment: report.environment, runId: context.runId, bad: from, good: to, base, token, context: github },
      {
        root: parts.root,
        tempDir: context.tempDir,
        pulls: parts.adapters.openPulls(token, github.apiUrl),
        mask: (secret) => runtime.mask(secret),
      },
    );
    report.revertPr = { url: pull.url, branch: pull.branch, commits: pull.commits.map((c) => c.sha) };
    parts.act(
      `opened ${pull.url}: ${pull.branch} reverts ${pull.commits.length} commits of ${from.version} onto ${base}`,
    );
  } catch (error) {
    report.revertPr = { error: errorMessage(error) };
    runtime.annotate({ level: 'warning', title: 'revert-pr', message: `${errorMessage(error)} (the rollback stands)` });
  }
}

/** Runs the deploy command and/or moves traffic back to stable, then waits for health. */
async function restoreAndCheck(
  inputs: RollbackInputValues,
  parts: RestoreParts,
  target: Release,
): Promise<{ ok: boolean; reason: string }> {
  const { act, router, adapters, report, clock } = parts;
  if (parts.deployCommand.length > 0) {
    const argv = parts.deployCommand.map((argument) => substitute(argument, target));
    const run =
      parts.adapters.runCommand ?? processHookRunner({ info: act, warning: act, debug: () => {} }, parts.root);
    try {
      await run('deploy-command', argv);
    } catch (error) {
      return { ok: false, reason: errorMessage(error) };
    }
    act(`deploy-command restored ${target.version}`);
  }
  if (router) {
    const was = await router.weight().catch(() => undefined);
    await router.setWeight(0);
    act(`${router.name}: all traffic to stable (canary weight ${was ?? '?'}% -> 0%)`);
  }
  const url = inputs['health-url'];
  if (!url) return { ok: true, reason: '' };
  const timeoutMs = duration('timeout', inputs.timeout);
  const recovery = await waitUntilHealthy(
    adapters.healthCheck(url, HEALTH_TIMEOUT_MS),
    {
      healthyAfter: inputs['healthy-after'],
      intervalMs: duration('health-interval', inputs['health-interval']),
      timeoutMs,
    },
    clock,
  );
  report.health = { url, healthy: recovery.healthy, checks: recovery.checks };
  if (recovery.healthy) {
    act(`${url} healthy ${inputs['healthy-after']} times in a row`);
    return { ok: true, reason: '' };
  }
  const failed = recovery.checks.filter((c) => !c.ok);
  return {
    ok: false,
    reason: `${url} did not recover within ${formatDuration(timeoutMs)}: ${failed.length} of ${recovery.checks.length} checks failed, the last: ${recovery.checks.at(-1)?.detail ?? 'none'}`,
  };
}

/** The artifact about to be deployed must be the one the release recorded. */
async function checkArtifact(path: string, target: Release, act: (what: string) => void): Promise<void> {
  if (!target.digest) {
    act(`release ${target.id} recorded no digest: ${path} deployed unchecked`);
    return;
  }
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path), hash);
  } catch (error) {
    throw new InputError(
      'artifact',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`,
    );
  }
  const digest = `sha256:${hash.digest('hex')}`;
  if (digest !== target.digest) {
    throw new InputError(
      'artifact',
      `${path} is ${digest}, but release ${target.id} (${target.version}) recorded ${target.digest}: refusing to deploy it`,
    );
  }
  act(`${path} matches the recorded ${digest}`);
}

function duration(name: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new InputError(name, `expected a duration such as 500ms, 30s or 5m, got '${text}'`);
  return ms;
}

function pick(release: Release): NonNullable<RollbackReport['to']> {
  return { id: release.id, version: release.version, ...optional(release) };
}

function optional(release: Release): { digest?: string; commit?: string } {
  return {
    ...(release.digest ? { digest: release.digest } : {}),
    ...(release.commit ? { commit: release.commit } : {}),
  };
}
