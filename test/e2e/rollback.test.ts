import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileLedger, listReleases } from '@ccm/delivery/ledger';
import type { TrafficRouter } from '@ccm/delivery/ports';
import { createRouter } from '@ccm/delivery/routers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../harness/run-action';
import { type CanaryWorld, startCanaryWorld } from '../support/delivery/world';

const actionDir = fileURLToPath(new URL('../../actions/rollback', import.meta.url));
const digest = (n: number) => `sha256:${String(n).repeat(64)}`;

type RouterSettings = Parameters<typeof createRouter>[0];

/** Each router's settings (for the test's own view of the weight) and the action inputs naming it. */
const ROUTERS = {
  haproxy(world: CanaryWorld): { settings: RouterSettings; inputs: Record<string, string> } {
    const haproxy = world.haproxy!;
    return {
      settings: {
        kind: 'haproxy',
        socket: haproxy.socket,
        backend: haproxy.backend,
        stableServer: haproxy.stableServer,
        canaryServer: haproxy.canaryServer,
      },
      inputs: {
        router: 'haproxy',
        'haproxy-socket': haproxy.socket,
        backend: haproxy.backend,
        'stable-server': haproxy.stableServer,
        'canary-server': haproxy.canaryServer,
      },
    };
  },
  nginx(world: CanaryWorld): { settings: RouterSettings; inputs: Record<string, string> } {
    const nginx = world.nginx!;
    return {
      settings: {
        kind: 'nginx',
        config: nginx.upstreamFile,
        upstream: nginx.upstream,
        stableServer: nginx.stableServer,
        canaryServer: nginx.canaryServer,
        testCommand: nginx.testCommand,
        reloadCommand: nginx.reloadCommand,
      },
      inputs: {
        router: 'nginx',
        'nginx-config': nginx.upstreamFile,
        upstream: nginx.upstream,
        'stable-server': nginx.stableServer,
        'canary-server': nginx.canaryServer,
        'nginx-test-command': nginx.testCommand.join('\n'),
        'nginx-reload-command': nginx.reloadCommand.join('\n'),
      },
    };
  },
};

/**
 * The committed rollback bundle through the runner harness against a real HAProxy and a real nginx:
 * the canary server runs v3 (promoted, all traffic), stable runs v2, and the ledger says v1, v2, v3
 * were good.
 */
describe.each(['haproxy', 'nginx'] as const)('rollback through the bundle, with a real %s', (kind) => {
  let world: CanaryWorld;
  let router: TrafficRouter;
  let routerInputs: Record<string, string>;
  beforeAll(async () => {
    world = await startCanaryWorld({ router: kind });
    const { settings, inputs } = ROUTERS[kind](world);
    router = createRouter(settings);
    routerInputs = inputs;
  });
  afterAll(async () => {
    await router?.close?.();
    await world?.stop();
  });
  afterEach(() => {
    world.stable.set({ healthy: true, errorRate: 0 });
    world.canary.set({ healthy: true, errorRate: 0 });
  });

  /** v1..v3 recorded good, v3 promoted to all traffic, then v3 goes bad. */
  async function badRelease(): Promise<string> {
    const workspace = mkdtempSync(join(tmpdir(), 'ccm-e2e-rollback-'));
    const ledger = fileLedger(join(workspace, 'releases.json'));
    for (const n of [1, 2, 3]) {
      await ledger.record({ environment: 'production', version: `v${n}`, outcome: 'success', digest: digest(n) });
    }
    await router.setWeight(100);
    world.canary.set({ errorRate: 1, healthy: false });
    return workspace;
  }

  const rollback = (workspace: string, runId: string, extra: Record<string, string> = {}) =>
    runAction({
      actionDir,
      workspace,
      token: 'ghs_test_token',
      env: { GITHUB_RUN_ID: runId },
      inputs: {
        environment: 'production',
        ledger: 'file:releases.json',
        ...routerInputs,
        'health-url': `${world.frontend}/healthz`,
        'health-interval': '100ms',
        timeout: '5s',
        ...extra,
      },
    });

  it('lands on v2, serves only stable afterwards, and changes nothing when the same run repeats', async () => {
    const workspace = await badRelease();
    const load = world.startLoad({ rate: 100 });
    const result = await rollback(workspace, '5001');
    const afterRollback = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await load.stop();
    const samples = load.samples();
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['rolled-back-to']).toBe('v2');
    const duration = Number(result.outputs['duration-ms']);
    expect(duration).toBeGreaterThan(0);
    console.info(`rollback through ${kind}, start to healthy: ${duration} ms`);
    expect(await router.weight()).toBe(0);
    // After the rollback returned, every request was answered by stable, without an error.
    const after = samples.filter((s) => s.sentAt > afterRollback);
    expect(after.length).toBeGreaterThan(20);
    expect(after.every((s) => s.version === 'stable' && s.status === 200)).toBe(true);
    const history = await listReleases(fileLedger(join(workspace, 'releases.json')), 'production');
    expect(history.map((r) => [r.version, r.outcome, r.source ?? ''])).toEqual([
      ['v2', 'success', 'rollback'],
      ['v3', 'failure', ''],
      ['v2', 'success', ''],
      ['v1', 'success', ''],
    ]);
    expect(result.summary).toContain('rolled back: production');

    const again = await rollback(workspace, '5001');
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/already rolled production back to v2/);
    expect(await listReleases(fileLedger(join(workspace, 'releases.json')), 'production')).toHaveLength(4);
  });

  it('fails clearly when no good release remains, before touching traffic', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ccm-e2e-rollback-'));
    await fileLedger(join(workspace, 'releases.json')).record({
      environment: 'production',
      version: 'v3',
      outcome: 'success',
    });
    await router.setWeight(100);
    const result = await rollback(workspace, '5002');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      '::error::production has no successful release other than the current one (v3) among 1: nothing to roll back to',
    );
    expect(await router.weight()).toBe(100);
  });

  it('reports a failed rollback when health does not come back', async () => {
    const workspace = await badRelease();
    world.stable.set({ healthy: false });
    const result = await rollback(workspace, '5003', { timeout: '1s' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /::error::rollback of production failed: http:\/\/127\.0\.0\.1:\d+\/healthz did not recover within 1 s: \d+ of \d+ checks failed, the last: http:\/\/127\.0\.0\.1:\d+\/healthz: HTTP 503 in \d+ ms/,
    );
    expect(result.outputs.report).toBeTruthy();
    const [newest] = await listReleases(fileLedger(join(workspace, 'releases.json')), 'production');
    expect([newest?.version, newest?.outcome]).toEqual(['v2', 'failure']);
  });
});
