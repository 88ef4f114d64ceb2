import { RecordingLogger } from '@ccm/toolkit';
import { describe, expect, it } from 'vitest';
import type { HookName } from '../src/hooks';
import { builtinMetrics } from '../src/metrics-spec';
import { type RolloutPolicy, type RolloutWorld, runRollout } from '../src/rollout';
import { type SimOptions, SimWorld } from './sim-world';

const CRITERIA = { maxErrorRate: 1, maxP95Ms: 500, abortErrorRate: 5, abortP95Ms: 1000 };

function policy(overrides: Partial<RolloutPolicy> = {}): RolloutPolicy {
  return {
    strategy: 'canary',
    steps: [5, 10, 50, 100],
    intervalMs: 60_000,
    checkIntervalMs: 10_000,
    minSamples: 20,
    metrics: builtinMetrics(CRITERIA, true),
    maxHealthFailures: 3,
    noData: 'fail',
    baseline: { alpha: 0.01, tolerance: 0.2 },
    prePromotionAnalysis: false,
    hooks: {},
    ...overrides,
  };
}

function setup(options: SimOptions = {}) {
  const sim = new SimWorld({ requestsPerSecond: 40, ...options });
  const log = new RecordingLogger();
  const hooks: { name: HookName; argv: readonly string[]; at: number; weight: number }[] = [];
  const moving: boolean[] = [];
  const world: RolloutWorld = {
    router: sim.router,
    metrics: sim.provider,
    health: sim.health,
    clock: sim.clock,
    log,
    runHook: async (name, argv) => {
      hooks.push({ name, argv, at: sim.time, weight: sim.weight });
    },
    onMoving: (m) => moving.push(m),
  };
  return { sim, log, hooks, moving, world };
}

const messages = (log: RecordingLogger) => log.lines.map((l) => l.message).join('\n');

describe('canary rollout', () => {
  it('promotes a healthy canary through every step, judging each with its numbers', async () => {
    const { sim, world, moving } = setup();
    const report = await runRollout(policy(), world);
    expect(report.result).toBe('promoted');
    expect(report.finalWeight).toBe(100);
    expect(sim.weights.map((w) => w.weight)).toEqual([5, 10, 50, 100]);
    expect(report.steps.map((s) => [s.weight, s.verdict, s.decision.action])).toEqual([
      [5, 'pass', 'advance'],
      [10, 'pass', 'advance'],
      [50, 'pass', 'advance'],
      [100, 'pass', 'advance'],
    ]);
    const first = report.steps[0]!;
    expect(first.samples.canary).toBeGreaterThanOrEqual(20);
    expect(first.metrics.map((m) => [m.name, m.verdict])).toEqual([
      ['error-rate', 'pass'],
      ['p95', 'pass'],
    ]);
    expect(first.metrics[1]?.baseline?.verdict).toBe('pass');
    expect(first.metrics[1]?.baseline?.pValue).toBeGreaterThan(0.01);
    // Each step baked one interval.
    expect(Date.parse(first.end) - Date.parse(first.start)).toBe(60_000);
    expect(report.decisions.at(-1)?.action).toBe('promote');
    expect(moving).toEqual([true, false]);
  });

  it('rolls back a canary failing 5% of requests, all traffic on stable, rollback hook after', async () => {
    const { sim, world, hooks } = setup({ canary: { errorRate: 0.05 } });
    const report = await runRollout(
      policy({ hooks: { 'rollback-command': ['./rollback.sh', 'v2'], 'pre-command': ['./pre'] } }),
      world,
    );
    expect(report.result).toBe('rolled-back');
    expect(report.finalWeight).toBe(0);
    expect(sim.weight).toBe(0);
    const last = report.steps.at(-1)!;
    expect(last.metrics.find((m) => m.name === 'error-rate')?.verdict).toBe('fail');
    expect(report.reason).toMatch(/error-rate/);
    expect(hooks.map((h) => [h.name, h.weight])).toEqual([
      ['pre-command', 0],
      ['rollback-command', 0],
    ]);
    expect(hooks[1]?.argv).toEqual(['./rollback.sh', 'v2']);
  });

  it('aborts mid-step, before the interval ends, when the error rate passes the abort trigger', async () => {
    const { sim, world } = setup();
    sim.at(75_000, (w) => {
      w.versions.canary.errorRate = 0.5;
    });
    const report = await runRollout(policy(), world);
    expect(report.result).toBe('rolled-back');
    const aborted = report.steps.at(-1)!;
    expect(aborted.weight).toBe(10);
    expect(aborted.verdict).toBe('abort');
    expect(aborted.decision.reason).toMatch(/abort trigger: error-rate .* above 5 %/);
    // Caught at a check within the step, not at its end.
    expect(Date.parse(aborted.end) - Date.parse(aborted.start)).toBeLessThan(60_000);
    expect(sim.weight).toBe(0);
  });

  it('aborts on p95 above abort-p95-ms mid-step', async () => {
    const { world } = setup({ canary: { medianMs: 900 } });
    const report = await runRollout(policy(), world);
    expect(report.steps[0]?.verdict).toBe('abort');
    expect(report.reason).toMatch(/p95 .* above 1000 ms/);
  });

  it('rolls back after more than max-health-failures consecutive failed health checks', async () => {
    const { sim, world, log } = setup();
    sim.at(130_000, (w) => {
      w.versions.canary.healthy = false;
    });
    const report = await runRollout(policy({ maxHealthFailures: 3 }), world);
    expect(report.result).toBe('rolled-back');
    const step = report.steps.at(-1)!;
    expect(step.weight).toBe(50);
    expect(step.decision.reason).toMatch(/4 consecutive failed health checks, more than max-health-failures 3/);
    expect(step.health?.failures).toBe(4);
    expect(messages(log)).toMatch(/health check of the canary failed \(3 in a row\)/);
  });

  it('catches a canary three times slower at p95 by the baseline comparison while under the fixed threshold', async () => {
    const { world } = setup({ stable: { medianMs: 60 }, canary: { medianMs: 180 } });
    const report = await runRollout(policy(), world);
    expect(report.result).toBe('rolled-back');
    const p95 = report.steps[0]!.metrics.find((m) => m.name === 'p95')!;
    expect(p95.value).toBeLessThan(500);
    expect(p95.verdict).toBe('fail');
    expect(p95.baseline?.verdict).toBe('fail');
    expect(p95.baseline?.pValue).toBeLessThan(0.01);
    expect(p95.reason).toMatch(/worse than stable/);
  });

  it('lets the same slow canary through with compare: thresholds', async () => {
    const { world } = setup({ stable: { medianMs: 60 }, canary: { medianMs: 180 } });
    const report = await runRollout(policy({ baseline: undefined, metrics: builtinMetrics(CRITERIA, false) }), world);
    expect(report.result).toBe('promoted');
    expect(report.steps[0]?.metrics[1]?.baseline).toBeUndefined();
  });

  describe('no-data policy', () => {
    const down = (sim: SimWorld) =>
      sim.at(130_000, (w) => {
        w.providerDown = true;
      });

    it('fail: an unanswering provider rolls back, never left at a partial weight', async () => {
      const { sim, world } = setup();
      down(sim);
      const report = await runRollout(policy({ noData: 'fail' }), world);
      expect(report.result).toBe('rolled-back');
      expect(sim.weight).toBe(0);
      const step = report.steps.at(-1)!;
      expect(step.weight).toBe(50);
      expect(step.metrics.every((m) => m.verdict === 'no-data')).toBe(true);
      expect(step.decision.reason).toMatch(/sim-metrics did not answer: connection refused.*\(no-data: fail\)/);
    });

    it('extend: waits one more interval, then advances when data came back', async () => {
      const { sim, world } = setup();
      down(sim);
      sim.at(185_000, (w) => {
        w.providerDown = false;
      });
      const report = await runRollout(policy({ noData: 'extend' }), world);
      expect(report.result).toBe('promoted');
      const step = report.steps[2]!;
      expect(step.extended).toBe(true);
      expect(Date.parse(step.end) - Date.parse(step.start)).toBe(120_000);
    });

    it('extend: rolls back when the extra interval brought no data either', async () => {
      const { sim, world } = setup();
      down(sim);
      const report = await runRollout(policy({ noData: 'extend' }), world);
      expect(report.result).toBe('rolled-back');
      expect(report.steps.at(-1)?.decision.reason).toMatch(/after one more interval \(no-data: extend\)/);
    });

    it('pass: advances without data and says so', async () => {
      const { sim, world } = setup();
      down(sim);
      const report = await runRollout(policy({ noData: 'pass' }), world);
      expect(report.result).toBe('promoted');
      expect(report.steps[2]?.decision.reason).toMatch(/advancing anyway \(no-data: pass\)/);
      expect(report.steps[2]?.verdict).toBe('no-data');
    });

    it('fewer requests than min-samples count as no data', async () => {
      const { world } = setup({ requestsPerSecond: 2 });
      const report = await runRollout(policy({ minSamples: 100 }), world);
      expect(report.result).toBe('rolled-back');
      expect(report.reason).toMatch(/requests to the canary, fewer than min-samples 100/);
    });
  });

  it('shows a metric the provider cannot measure as not measured in every step, never as passed, without tripping no-data', async () => {
    const { world } = setup({ supports: ['error-rate'], providerName: 'haproxy' });
    const report = await runRollout(policy(), world);
    expect(report.result).toBe('promoted');
    expect(report.notMeasured).toEqual(['p95: not measured by haproxy']);
    for (const step of report.steps) {
      expect(step.metrics.find((m) => m.name === 'p95')).toMatchObject({
        verdict: 'not-measured',
        reason: 'not measured by haproxy',
      });
    }
  });

  it('pauses at a weight once it passed, and a resumed run continues from the saved steps to promotion', async () => {
    const first = setup();
    const paused = await runRollout(policy({ pauseAt: 50 }), first.world);
    expect(paused.result).toBe('paused');
    expect(paused.finalWeight).toBe(50);
    expect(first.moving).toEqual([true, false]);

    const second = setup({ startWeight: 50 });
    const resumed = await runRollout(policy({ pauseAt: 50 }), second.world, {
      steps: paused.steps,
      decisions: paused.decisions,
      startedAt: paused.startedAt,
    });
    expect(resumed.result).toBe('promoted');
    expect(second.sim.weights.map((w) => w.weight)).toEqual([100]);
    expect(resumed.steps.map((s) => s.weight)).toEqual([5, 10, 50, 100]);
  });

  it('refuses to resume when the router no longer holds the paused weight', async () => {
    const first = setup();
    const paused = await runRollout(policy({ pauseAt: 10 }), first.world);
    const second = setup({ startWeight: 0 });
    await expect(
      runRollout(policy({ pauseAt: 10 }), second.world, { steps: paused.steps, decisions: [], startedAt: '' }),
    ).rejects.toThrow(/input resume: the router holds 0% .* paused at 10%/);
    expect(second.sim.weights).toEqual([]);
  });

  it('with a promote-command, returns traffic to the updated stable after it ran', async () => {
    const { sim, world, hooks } = setup();
    const report = await runRollout(policy({ hooks: { 'promote-command': ['deploy', 'stable'] } }), world);
    expect(report.result).toBe('promoted');
    expect(hooks.map((h) => [h.name, h.weight])).toEqual([['promote-command', 100]]);
    expect(sim.weight).toBe(0);
    expect(report.finalWeight).toBe(0);
  });

  it('a failing pre-command stops the rollout before any traffic moves', async () => {
    const { sim, world } = setup();
    world.runHook = async (name) => {
      throw new Error(`${name} exited with 1`);
    };
    await expect(runRollout(policy({ hooks: { 'pre-command': ['false'] } }), world)).rejects.toThrow(/pre-command/);
    expect(sim.weights).toEqual([]);
  });

  it('returns traffic to stable when something breaks mid-rollout, and says so', async () => {
    const { sim, world, log, moving } = setup();
    let calls = 0;
    const setWeight = sim.router.setWeight;
    world.router = {
      ...sim.router,
      setWeight: async (w) => {
        if (++calls === 3) throw new Error('socket closed');
        await setWeight(w);
      },
    };
    await expect(runRollout(policy(), world)).rejects.toThrow('socket closed');
    expect(sim.weight).toBe(0);
    expect(messages(log)).toMatch(/The rollout failed \(socket closed\): all traffic returned to stable/);
    expect(moving).toEqual([true, false]);
  });

  it('loses no request stable would have served beyond what the canary got before the abort', async () => {
    const { sim, world } = setup({ canary: { errorRate: 0.5 } });
    const report = await runRollout(policy(), world);
    expect(report.result).toBe('rolled-back');
    const canaryEnd = Date.parse(report.steps[0]!.end);
    // After the decision, no request reached the canary.
    expect(sim.requests.filter((r) => r.track === 'canary' && r.at > canaryEnd)).toEqual([]);
  });
});

describe('blue-green rollout', () => {
  const blueGreen = (overrides: Partial<RolloutPolicy> = {}) => policy({ strategy: 'blue-green', ...overrides });

  it('never switches to a preview failing its smoke check', async () => {
    const { sim, world, hooks } = setup();
    world.smoke = async () => ({ ok: false, detail: 'GET /healthz: 500' });
    const report = await runRollout(blueGreen({ hooks: { 'rollback-command': ['rb'] } }), world);
    expect(report.result).toBe('rolled-back');
    expect(sim.weights.map((w) => w.weight)).toEqual([]);
    expect(report.decisions.map((d) => d.action)).toEqual(['smoke-failed']);
    expect(hooks.map((h) => h.name)).toEqual(['rollback-command']);
  });

  it('switches a healthy preview after its smoke check and promotes it after post-promotion analysis', async () => {
    const { sim, world } = setup();
    world.smoke = async () => ({ ok: true, detail: 'GET /healthz: 200' });
    const report = await runRollout(blueGreen(), world);
    expect(report.result).toBe('promoted');
    expect(sim.weights.map((w) => w.weight)).toEqual([100]);
    expect(report.steps.map((s) => [s.phase, s.weight, s.verdict])).toEqual([['post-promotion', 100, 'pass']]);
    expect(report.decisions.map((d) => d.action)).toEqual(['switch', 'advance', 'promote']);
  });

  it('switches back at once when the preview fails after the switch', async () => {
    const { sim, world } = setup();
    world.smoke = async () => ({ ok: true, detail: '200' });
    sim.at(20_000, (w) => {
      w.versions.canary.errorRate = 0.3;
    });
    const report = await runRollout(blueGreen(), world);
    expect(report.result).toBe('rolled-back');
    expect(sim.weights.map((w) => w.weight)).toEqual([100, 0]);
    expect(report.decisions.map((d) => d.action)).toEqual(['switch', 'abort', 'switch-back']);
    expect(report.reason).toMatch(/switched back to the active pool at 100%/);
  });

  it('judges the preview before the switch with pre-promotion analysis', async () => {
    const { sim, world } = setup({ canary: { medianMs: 700 } });
    // The preview gets no routed traffic at weight 0: a prober would measure it; here stable-only
    // traffic means no canary data, so the no-data policy keeps it from being switched to.
    const report = await runRollout(blueGreen({ prePromotionAnalysis: true }), world);
    expect(report.result).toBe('rolled-back');
    expect(report.steps[0]?.phase).toBe('pre-promotion');
    expect(sim.weights.map((w) => w.weight)).toEqual([0]);
  });
});
