/**
 * canary-deploy end to end: the committed bundle run as the runner runs it, against the real test
 * world of test/support/delivery (HAProxy in front of two versions of a prom-client service, a real
 * Prometheus scraping both every second, a load generator sending steady traffic through HAProxy).
 * Intervals are seconds so the file stays short; every scenario checks that the load generator saw
 * no request that no version answered (a request stable would have served, lost).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouterSettings } from '@ccm/delivery';
import { createRouter } from '@ccm/delivery/adapters';
import { afterEach, describe, expect, it } from 'vitest';
import { runAction as run } from '../harness/run-action';
import type { LoadGenerator } from '../support/delivery/load';
import { type CanaryWorld, startCanaryWorld } from '../support/delivery/world';
import { fakeDeployments } from '../support/fake-deployments';

const actionDir = fileURLToPath(new URL('../../actions/canary-deploy', import.meta.url));

/** Every run gets a token, as the runner always has one for `${{ github.token }}`. */
const runAction = (options: Parameters<typeof run>[0]) => run({ token: 'ghs_test_token', ...options });

let world: CanaryWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

type RouterName = 'haproxy' | 'nginx';

async function startWorld(options: Partial<Parameters<typeof startCanaryWorld>[0]> = {}) {
  world = await startCanaryWorld({ router: 'haproxy', prometheus: true, ...options });
  return world;
}
const haproxyWorld = startWorld;

/** How the action and the test reach the world's router. */
function routerSettings(w: CanaryWorld): RouterSettings {
  if (w.nginx) {
    const { upstreamFile, upstream, stableServer, canaryServer, testCommand, reloadCommand } = w.nginx;
    return { kind: 'nginx', config: upstreamFile, upstream, stableServer, canaryServer, testCommand, reloadCommand };
  }
  const { socket, backend, stableServer, canaryServer } = w.haproxy as NonNullable<CanaryWorld['haproxy']>;
  return { kind: 'haproxy', socket, backend, stableServer, canaryServer };
}

function routerInputs(w: CanaryWorld): Record<string, string> {
  const settings = routerSettings(w);
  if (settings.kind === 'nginx') {
    return {
      router: 'nginx',
      'nginx-config': settings.config,
      upstream: settings.upstream,
      'stable-server': settings.stableServer,
      'canary-server': settings.canaryServer,
      'nginx-test-command': settings.testCommand.join('\n'),
      'nginx-reload-command': settings.reloadCommand.join('\n'),
    };
  }
  if (settings.kind !== 'haproxy') throw new Error(`no inputs for ${settings.kind}`);
  return {
    router: 'haproxy',
    'haproxy-socket': settings.socket,
    backend: settings.backend,
    'stable-server': settings.stableServer,
    'canary-server': settings.canaryServer,
  };
}

/** The inputs of a short rollout through the world's router, judged on its Prometheus. */
function inputs(w: CanaryWorld, extra: Record<string, string> = {}): Record<string, string> {
  const prometheus = w.prometheus as NonNullable<CanaryWorld['prometheus']>;
  return {
    ...routerInputs(w),
    metrics: 'prometheus',
    'prometheus-url': prometheus.url,
    'prometheus-step': '2s',
    steps: '10,50,100',
    interval: '6s',
    'check-interval': '2s',
    'min-samples': '20',
    ...extra,
  };
}

/** The canary's weight as the router itself reports it. */
async function canaryWeight(w: CanaryWorld): Promise<number> {
  const router = createRouter(routerSettings(w));
  try {
    return await router.weight();
  } finally {
    await router.close?.();
  }
}

/** Requests no version answered, once the load has sent enough for that count to mean something. */
async function lostBy(load: LoadGenerator): Promise<number> {
  // A fast scenario may end before 100 requests went out: keep the load on until they have.
  while (load.report().sent < 100) await new Promise((resolve) => setTimeout(resolve, 50));
  const report = await load.stop();
  return report.lost;
}

interface Report {
  result: string;
  finalWeight: number;
  reason: string;
  steps: {
    weight: number;
    verdict: string;
    samples: { canary?: number };
    metrics: { name: string; verdict: string; value?: number }[];
  }[];
}
const reportOf = (path: string | undefined) => JSON.parse(readFileSync(path as string, 'utf8')) as Report;

describe.each(['haproxy', 'nginx'] as RouterName[])('canary-deploy through %s and Prometheus', (router) => {
  it('1. promotes a healthy canary through every step', async () => {
    const w = await startWorld({ router });
    const load = w.startLoad({ rate: 60 });
    const github = await fakeDeployments();
    const run = await runAction({
      actionDir,
      inputs: inputs(w, { environment: 'production' }),
      apiUrl: github.url,
      timeoutMs: 90_000,
    }).finally(github.close);
    expect(run.stderr).toBe('');
    // The Environments page shows the rollout: one Deployment of this commit, in progress then successful.
    expect(github.deployments.map((d) => [d.ref, d.environment, d.statuses.map((s) => s.state)])).toEqual([
      ['0123456789abcdef0123456789abcdef01234567', 'production', ['in_progress', 'success']],
    ]);
    expect(github.authorizations.every((a) => a === 'token ghs_test_token')).toBe(true);
    expect(run.conclusion).toBe('success');
    expect(run.outputs).toMatchObject({ result: 'promoted', 'final-weight': '100' });
    const report = reportOf(run.outputs.report);
    expect(report.steps.map((s) => [s.weight, s.verdict])).toEqual([
      [10, 'pass'],
      [50, 'pass'],
      [100, 'pass'],
    ]);
    expect(report.steps[0]?.samples.canary).toBeGreaterThanOrEqual(20);
    expect(run.summary).toContain(`## ✅ canary promoted (canary, ${router}, metrics from prometheus)`);
    expect(run.summary).toContain('xychart-beta');
    expect(await canaryWeight(w)).toBe(100);
    // The post step leaves a decided rollout alone.
    expect(run.post?.conclusion).toBe('success');
    expect(run.post?.log).toBe('');
    expect(await lostBy(load)).toBe(0);
    expect(w.canary.served().requests).toBeGreaterThan(0);
  });

  it('2. catches a canary failing 5% of requests and rolls it back, all traffic on stable', async () => {
    const w = await startWorld({ router, canary: { errorRate: 0.05 } });
    const load = w.startLoad({ rate: 60 });
    const run = await runAction({ actionDir, inputs: inputs(w), timeoutMs: 90_000 });
    expect(run.conclusion).toBe('failure');
    expect(run.outputs).toMatchObject({ result: 'rolled-back', 'final-weight': '0' });
    const report = reportOf(run.outputs.report);
    // Caught before 100%: at 10% the canary may have served too few requests for Prometheus to see a
    // failure (rate() misses the first increment of a 5xx series that appears mid-window).
    const failed = report.steps.at(-1);
    expect([10, 50]).toContain(failed?.weight);
    const errorRate = failed?.metrics.find((m) => m.name === 'error-rate');
    expect(errorRate?.verdict).toBe('fail');
    expect(errorRate?.value).toBeGreaterThan(1);
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(
      /canary rolled back: rolled back at (10|50)%: .*error-rate/,
    );
    expect(await canaryWeight(w)).toBe(0);
    // After the decision, stable serves everything.
    const before = w.canary.served().requests;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(w.canary.served().requests).toBe(before);
    expect(await lostBy(load)).toBe(0);
  });

  it('5. the job killed mid-rollout: the post step returns all traffic to stable and says so', async () => {
    const w = await startWorld({ router });
    const load = w.startLoad({ rate: 60 });
    // Killed during the 50% step (the 10% step takes 6 s after the checks).
    const run = await runAction({
      actionDir,
      inputs: inputs(w, { interval: '6s' }),
      cancelMain: { afterMs: 9_000, signal: 'SIGKILL' },
      timeoutMs: 90_000,
    });
    expect(run.conclusion).toBe('failure');
    expect(run.state['canary-moving']).toBe('true');
    expect(run.post?.conclusion).toBe('success');
    expect(run.post?.log).toMatch(
      /The job was cancelled or the rollout crashed mid-rollout: all traffic returned to stable \((haproxy|nginx): canary weight (10|50)% -> 0%\)/,
    );
    expect(await canaryWeight(w)).toBe(0);
    expect(await lostBy(load)).toBe(0);
  });
});

describe('canary-deploy through HAProxy and Prometheus', () => {
  it('3. catches a canary three times slower at p95 by the baseline comparison, under the fixed threshold', async () => {
    const w = await haproxyWorld({
      router: 'haproxy',
      stable: { latencyMs: 20, jitterMs: 2 },
      canary: { latencyMs: 60, jitterMs: 6 },
    });
    const load = w.startLoad({ rate: 60 });
    // Range points every 2 s over a 16 s step: enough samples a side for the U test at 99%.
    const run = await runAction({
      actionDir,
      inputs: inputs(w, { steps: '50,100', interval: '16s', 'check-interval': '4s' }),
      timeoutMs: 90_000,
    });
    expect(run.outputs).toMatchObject({ result: 'rolled-back', 'final-weight': '0' });
    const p95 = reportOf(run.outputs.report).steps[0]?.metrics.find(
      (m) => m.name === 'p95',
    ) as Report['steps'][0]['metrics'][0] & {
      baseline?: { verdict: string; pValue: number; stableValue: number };
    };
    expect(p95.value).toBeLessThan(500);
    expect(p95.verdict).toBe('fail');
    expect(p95.baseline?.verdict).toBe('fail');
    expect(p95.baseline?.pValue).toBeLessThan(0.01);
    // The histogram's buckets (25, 50, 75 ms) flatten the 3x of the service's own latency.
    expect(p95.value as number).toBeGreaterThan(1.5 * (p95.baseline?.stableValue as number));
    expect(await canaryWeight(w)).toBe(0);
    expect(await lostBy(load)).toBe(0);
  });

  it('4. Prometheus stopped mid-rollout: no-data fail decides, the router is not left at a partial weight', async () => {
    const w = await haproxyWorld();
    const load = w.startLoad({ rate: 60 });
    const prometheus = w.prometheus as NonNullable<CanaryWorld['prometheus']>;
    const stopping = new Promise<void>((resolve) => setTimeout(() => resolve(prometheus.stop()), 9_000));
    const run = await runAction({ actionDir, inputs: inputs(w), timeoutMs: 90_000 });
    await stopping;
    expect(run.outputs).toMatchObject({ result: 'rolled-back', 'final-weight': '0' });
    const last = reportOf(run.outputs.report).steps.at(-1);
    expect(last?.verdict).toBe('fail');
    expect(last?.metrics.every((m) => m.verdict === 'no-data')).toBe(true);
    expect(run.log).toMatch(/prometheus did not answer.*\(no-data: fail\)/);
    expect(await canaryWeight(w)).toBe(0);
    expect(await lostBy(load)).toBe(0);
  });

  it('6. pauses at 50%, and a second run with resume: true continues to promotion', async () => {
    const w = await haproxyWorld();
    const load = w.startLoad({ rate: 60 });
    const workspace = mkdtempSync(join(tmpdir(), 'ccm-canary-pause-'));
    const first = await runAction({ actionDir, workspace, inputs: inputs(w, { 'pause-at': '50' }), timeoutMs: 90_000 });
    expect(first.conclusion).toBe('success');
    expect(first.outputs).toMatchObject({ result: 'paused', 'final-weight': '50' });
    expect(await canaryWeight(w)).toBe(50);
    const second = await runAction({
      actionDir,
      workspace,
      inputs: inputs(w, { 'pause-at': '50', resume: 'true' }),
      timeoutMs: 90_000,
    });
    expect(second.outputs).toMatchObject({ result: 'promoted', 'final-weight': '100' });
    expect(reportOf(second.outputs.report).steps.map((s) => s.weight)).toEqual([10, 50, 100]);
    expect(await canaryWeight(w)).toBe(100);
    expect(await lostBy(load)).toBe(0);
  });

  it('7. blue-green: a preview failing its smoke check is never switched to', async () => {
    const w = await haproxyWorld({ router: 'haproxy', canary: { healthy: false } });
    const load = w.startLoad({ rate: 60 });
    const run = await runAction({
      actionDir,
      inputs: inputs(w, { strategy: 'blue-green', 'smoke-url': `${w.canary.url}/healthz` }),
      timeoutMs: 90_000,
    });
    expect(run.outputs).toMatchObject({ result: 'rolled-back', 'final-weight': '0' });
    expect(run.log).toMatch(
      /the preview failed its smoke check \(http:.*\/healthz: HTTP 503 in \d+ ms\); traffic never switched/,
    );
    expect(w.canary.served().requests).toBe(0);
    expect(await lostBy(load)).toBe(0);
  });

  it('7. blue-green: a preview failing after the switch is switched back at once', async () => {
    const w = await haproxyWorld();
    const load = w.startLoad({ rate: 60 });
    const breaking = setTimeout(() => w.canary.set({ errorRate: 0.3 }), 5_000);
    const run = await runAction({
      actionDir,
      inputs: inputs(w, { strategy: 'blue-green', 'smoke-url': `${w.canary.url}/healthz`, interval: '10s' }),
      timeoutMs: 90_000,
    });
    clearTimeout(breaking);
    expect(run.outputs).toMatchObject({ result: 'rolled-back', 'final-weight': '0' });
    const report = JSON.parse(readFileSync(run.outputs.report as string, 'utf8')) as {
      decisions: { action: string }[];
    };
    expect(report.decisions.map((d) => d.action)).toEqual([
      'switch',
      expect.stringMatching(/abort|rollback/),
      'switch-back',
    ]);
    expect(await canaryWeight(w)).toBe(0);
    expect(await lostBy(load)).toBe(0);
  });

  it('rolls back when the canary fails more than max-health-failures consecutive health checks', async () => {
    const w = await haproxyWorld();
    const load = w.startLoad({ rate: 60 });
    const sick = setTimeout(() => w.canary.set({ healthy: false }), 3_000);
    const run = await runAction({
      actionDir,
      inputs: inputs(w, {
        'health-url': `${w.canary.url}/healthz`,
        'check-interval': '1s',
        'max-health-failures': '2',
      }),
      timeoutMs: 90_000,
    });
    clearTimeout(sick);
    expect(run.outputs).toMatchObject({ result: 'rolled-back', 'final-weight': '0' });
    expect(run.log).toMatch(
      /abort trigger: 3 consecutive failed health checks, more than max-health-failures 2 \(last: http:.*\/healthz: HTTP 503/,
    );
    expect(await canaryWeight(w)).toBe(0);
    expect(await lostBy(load)).toBe(0);
  });
});
