/**
 * The rollout state machine, with no controller: canary steps or a blue-green switch, each step
 * baked and judged (bake.ts), then advanced, paused, promoted or rolled back, every decision kept
 * with its numbers. Traffic moves only through the router; time only through the injected clock.
 */
import type { Logger } from '@ccm/toolkit';
import { ConfigurationError, errorMessage } from '@ccm/toolkit/errors';
import { type BakeOutcome, type BakePolicy, bake } from './bake';
import type { Clock } from './clock';
import type { HookName, HookRunner } from './hooks';
import type { HealthCheck, MetricProvider, TrafficRouter } from './ports';
import type { Decision, DecisionAction, RolloutReport, RolloutResult, StepPhase, StepReport } from './report';

export interface RolloutPolicy extends BakePolicy {
  strategy: 'canary' | 'blue-green';
  /** Canary weights, rising, ending at 100 (blue-green: ignored). */
  steps: number[];
  pauseAt?: number;
  prePromotionAnalysis: boolean;
  hooks: Partial<Record<HookName, string[]>>;
}

/** A smoke check of the preview before a blue-green switch. */
export type SmokeCheck = () => Promise<{ ok: boolean; detail: string }>;

export interface RolloutWorld {
  router: TrafficRouter;
  metrics: MetricProvider;
  health?: HealthCheck;
  smoke?: SmokeCheck;
  clock: Clock;
  log: Logger;
  runHook: HookRunner;
  /**
   * Told before traffic first moves (true) and once the rollout reached a decision that leaves the
   * router where it should stay (false): the post step returns traffic to stable only in between.
   */
  onMoving?: (moving: boolean) => void;
}

/** Where a paused rollout continues: the steps already done. */
export interface ResumePoint {
  steps: StepReport[];
  decisions: Decision[];
  startedAt: string;
}

export async function runRollout(
  policy: RolloutPolicy,
  world: RolloutWorld,
  resume?: ResumePoint,
): Promise<RolloutReport> {
  const rollout = new Rollout(policy, world, resume);
  try {
    return await rollout.run();
  } catch (error) {
    // Whatever broke after traffic moved, stable takes it all back before the error is reported.
    await rollout.restoreAfterCrash(error);
    throw error;
  }
}

class Rollout {
  private readonly steps: StepReport[];
  private readonly decisions: Decision[];
  private readonly startedAt: string;
  private weight = 0;
  private moved = false;

  constructor(
    private readonly policy: RolloutPolicy,
    private readonly world: RolloutWorld,
    resume: ResumePoint | undefined,
  ) {
    this.steps = [...(resume?.steps ?? [])];
    this.decisions = [...(resume?.decisions ?? [])];
    this.startedAt = resume?.startedAt ?? this.iso();
  }

  async run(): Promise<RolloutReport> {
    this.weight = await this.world.router.weight();
    if (this.steps.length === 0) await this.hook('pre-command');
    return this.policy.strategy === 'blue-green' ? this.blueGreen() : this.canary();
  }

  private async canary(): Promise<RolloutReport> {
    const done = this.steps.filter((s) => s.verdict === 'pass' || s.verdict === 'no-data').length;
    const remaining = this.policy.steps.slice(done);
    if (done > 0) {
      const paused = this.policy.steps[done - 1];
      if (this.weight !== paused) {
        throw new ConfigurationError(
          `input resume: the router holds ${this.weight}% for the canary, but the saved rollout paused at ${paused}%`,
        );
      }
      this.world.log.info(`Resuming at ${paused}% (${done} of ${this.policy.steps.length} steps done).`);
    }
    for (const weight of remaining) {
      await this.move(weight);
      const outcome = await this.bakeStep('step', weight);
      if (outcome.verdict === 'fail' || outcome.verdict === 'abort') return this.rollBack(outcome);
      if (weight === 100) return this.promote();
      if (weight === this.policy.pauseAt) {
        this.decide('pause', `paused at ${weight}% (pause-at); run again with resume: true to continue`);
        return this.finish('paused', this.decisions.at(-1)?.reason as string);
      }
    }
    return this.promote();
  }

  private async blueGreen(): Promise<RolloutReport> {
    if (this.weight !== 0) await this.move(0);
    if (this.world.smoke) {
      const smoke = await this.world.smoke();
      this.world.log.info(`smoke check of the preview: ${smoke.detail}`);
      if (!smoke.ok) {
        this.decide('smoke-failed', `the preview failed its smoke check (${smoke.detail}); traffic never switched`);
        await this.hook('rollback-command');
        return this.finish('rolled-back', this.decisions.at(-1)?.reason as string);
      }
    }
    if (this.policy.prePromotionAnalysis) {
      const outcome = await this.bakeStep('pre-promotion', 0);
      if (outcome.verdict === 'fail' || outcome.verdict === 'abort') return this.rollBack(outcome);
    }
    await this.move(100);
    this.decide('switch', 'all traffic switched to the preview');
    const outcome = await this.bakeStep('post-promotion', 100);
    if (outcome.verdict === 'fail' || outcome.verdict === 'abort') return this.rollBack(outcome, 'switch-back');
    return this.promote();
  }

  /** Bakes a step and records it with the decision its verdict leads to. */
  private async bakeStep(phase: StepPhase, weight: number): Promise<BakeOutcome> {
    const outcome = await bake(phase, weight, this.policy, this.world);
    let action: DecisionAction = 'advance';
    let reason = outcome.reason;
    if (outcome.verdict === 'abort') action = 'abort';
    else if (outcome.verdict === 'fail') action = 'rollback';
    else if (outcome.verdict === 'no-data') {
      if (this.policy.noData === 'pass') reason = `${reason}; advancing anyway (no-data: pass)`;
      else {
        action = 'rollback';
        reason = `${reason}${outcome.extended ? ' after one more interval' : ''} (no-data: ${this.policy.noData})`;
        outcome.verdict = 'fail';
      }
    }
    const decision = this.decide(action, reason);
    this.steps.push({
      phase,
      weight,
      start: new Date(outcome.start).toISOString(),
      end: new Date(outcome.end).toISOString(),
      samples: outcome.samples,
      metrics: outcome.metrics,
      ...(outcome.health ? { health: outcome.health } : {}),
      extended: outcome.extended,
      verdict: outcome.verdict,
      decision,
    });
    const line = `${weight}% (${phase}): ${action}: ${reason}`;
    if (outcome.verdict === 'pass' || outcome.verdict === 'no-data') this.world.log.info(line);
    else this.world.log.warning(line);
    return outcome;
  }

  private async rollBack(outcome: BakeOutcome, action: DecisionAction = 'rollback'): Promise<RolloutReport> {
    await this.move(0);
    const reason = `${action === 'switch-back' ? 'switched back to the active pool' : 'rolled back'} at ${outcome.weight}%: ${outcome.reason}`;
    if (action === 'switch-back') this.decide(action, reason);
    this.world.log.warning(`All traffic is back on stable: ${outcome.reason}`);
    await this.hook('rollback-command');
    return this.finish('rolled-back', reason);
  }

  private async promote(): Promise<RolloutReport> {
    const promote = this.policy.hooks['promote-command'] ?? [];
    let reason = 'every step passed; the canary serves all traffic';
    if (promote.length > 0) {
      await this.hook('promote-command');
      // The promote command updated stable to the new version: stable serves again.
      await this.move(0);
      reason = 'every step passed; promote-command updated stable, which serves all traffic again';
    }
    this.decide('promote', reason);
    return this.finish('promoted', reason);
  }

  private async move(weight: number): Promise<void> {
    if (!this.moved) {
      this.moved = true;
      this.world.onMoving?.(true);
    }
    await this.world.router.setWeight(weight);
    this.world.log.info(`${this.world.router.name}: canary weight ${this.weight}% -> ${weight}%`);
    this.weight = weight;
  }

  private async hook(name: HookName): Promise<void> {
    const argv = this.policy.hooks[name] ?? [];
    if (argv.length > 0) await this.world.runHook(name, argv);
  }

  private decide(action: DecisionAction, reason: string): Decision {
    const decision = { at: this.iso(), weight: this.weight, action, reason };
    this.decisions.push(decision);
    return decision;
  }

  private finish(result: RolloutResult, reason: string): RolloutReport {
    this.world.onMoving?.(false);
    return {
      strategy: this.policy.strategy,
      router: this.world.router.name,
      provider: this.world.metrics.name,
      startedAt: this.startedAt,
      endedAt: this.iso(),
      result,
      finalWeight: this.weight,
      reason,
      notMeasured: this.policy.metrics
        .filter((m) => !this.world.metrics.supports(m.kind))
        .map((m) => `${m.name}: not measured by ${this.world.metrics.name}`),
      policy: {
        steps: this.policy.strategy === 'blue-green' ? [100] : this.policy.steps,
        intervalMs: this.policy.intervalMs,
        minSamples: this.policy.minSamples,
        noData: this.policy.noData,
        compare: this.policy.baseline ? 'baseline' : 'thresholds',
        confidence: this.policy.baseline ? 100 * (1 - this.policy.baseline.alpha) : 0,
        tolerance: this.policy.baseline ? 100 * this.policy.baseline.tolerance : 0,
      },
      steps: this.steps,
      decisions: this.decisions,
    };
  }

  /** After an unexpected error mid-rollout: stable gets all traffic back, or the log says it could not. */
  async restoreAfterCrash(error: unknown): Promise<void> {
    if (!this.moved || this.weight === 0) return;
    try {
      await this.world.router.setWeight(0);
      this.weight = 0;
      this.world.log.warning(`The rollout failed (${errorMessage(error)}): all traffic returned to stable.`);
      this.world.onMoving?.(false);
    } catch (restoreError) {
      this.world.log.warning(
        `The rollout failed (${errorMessage(error)}) and traffic could not be returned to stable: ${errorMessage(restoreError)}`,
      );
    }
  }

  private iso(): string {
    return new Date(this.world.clock.now()).toISOString();
  }
}
