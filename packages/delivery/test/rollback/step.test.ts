import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeRuntime } from '../../../../test/support/fake-runtime';
import type { Clock } from '../../src/clock';
import { fileLedger, listReleases, openLedger, type ReleaseLedger } from '../../src/ledger';
import type { TrafficRouter } from '../../src/ports';
import { githubPulls, type RollbackAdapters, RollbackFailedError, rollbackStep } from '../../src/rollback';

/** A clock whose sleeps pass at once: the health wait runs fast and its timeout is exact. */
function simulatedClock(): Clock {
  let now = Date.parse('2026-12-03T12:00:00Z');
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

/** A router in memory: the canary's weight, and every change made to it. */
function memoryRouter(weight = 100) {
  const changes: number[] = [];
  const router: TrafficRouter = {
    name: 'memory',
    check: async () => {},
    weight: async () => weight,
    setWeight: async (value) => {
      weight = value;
      changes.push(value);
    },
  };
  return { router, changes, weight: () => weight };
}

interface World {
  root: string;
  ledger: ReleaseLedger;
  commands: string[][];
  adapters: RollbackAdapters;
  router: ReturnType<typeof memoryRouter>;
}

/** v1, v2 and v3 released in production and all good, so v3 runs; health answers as `healthy` says. */
async function world(healthy: (check: number) => boolean = () => true): Promise<World> {
  const root = mkdtempSync(join(tmpdir(), 'ccm-rollback-'));
  const ledger = fileLedger(join(root, 'releases.json'));
  for (const [version, digit] of [
    ['v1', '1'],
    ['v2', '2'],
    ['v3', '3'],
  ] as const) {
    await ledger.record({
      environment: 'production',
      version,
      outcome: 'success',
      digest: `sha256:${digit.repeat(64)}`,
      commit: digit.repeat(40),
    });
  }
  const commands: string[][] = [];
  const router = memoryRouter();
  let checks = 0;
  const adapters: RollbackAdapters = {
    openLedger: (spec, base) => openLedger(spec, base),
    createRouter: () => router.router,
    healthCheck: (url) => async () => {
      const ok = healthy(++checks);
      return { ok, detail: `GET ${url}: ${ok ? 200 : 503}` };
    },
    openPulls: githubPulls,
    runCommand: async (_, argv) => {
      commands.push([...argv]);
    },
    clock: simulatedClock(),
  };
  return { root, ledger, commands, adapters, router };
}

const run = (w: World, inputs: Record<string, string>, runId = '1001') => {
  const { runtime, record } = fakeRuntime({ environment: 'production', ledger: 'file:releases.json', ...inputs });
  const done = rollbackStep(runtime, { workspace: w.root, tempDir: w.root, runId, inActions: false }, w.adapters);
  return { done, record };
};

describe('rollback step', () => {
  it('restores the last good release through the deploy command, then records both outcomes', async () => {
    const w = await world();
    const { done, record } = run(w, {
      'deploy-command': 'deploy\n--version={{ version }}\n{{ digest }}\n{{ commit }}',
      'health-url': 'http://app/healthz',
    });
    const report = await done;
    expect(w.commands).toEqual([['deploy', '--version=v2', `sha256:${'2'.repeat(64)}`, '2'.repeat(40)]]);
    expect(report).toMatchObject({ result: 'rolled-back', from: { version: 'v3' }, to: { version: 'v2' } });
    expect(record.outputs).toMatchObject({ 'rolled-back-to': 'v2', 'duration-ms': String(report.durationMs) });
    expect(report.health?.checks).toHaveLength(3);
    const history = await listReleases(w.ledger, 'production');
    expect(history.map((r) => [r.version, r.outcome, r.source])).toEqual([
      ['v2', 'success', 'rollback'],
      ['v3', 'failure', undefined],
      ['v2', 'success', undefined],
      ['v1', 'success', undefined],
    ]);
    expect(history[0]).toMatchObject({ runId: '1001', replaces: history[1]?.id, digest: `sha256:${'2'.repeat(64)}` });
    expect(record.summary).toContain('rolled back: production');
    // The actions as a Mermaid timeline, at their offsets from the start; ':' in an action would split it.
    expect(record.summary).toMatch(
      /```mermaid\ntimeline\n {2}title rollback of production\n {2}\+0\.00 s : rolling production back from v3 to v2 \(release \d+\)\n(?: {2}\+\d+\.\d{2} s : [^:\n]+\n)+```/,
    );
  });

  it('switches traffic back to stable through the router when asked to', async () => {
    const w = await world();
    const { done } = run(w, {
      router: 'haproxy',
      'haproxy-socket': '/run/admin.sock',
      backend: 'app',
      'stable-server': 'blue',
      'canary-server': 'green',
    });
    const report = await done;
    expect(w.router.changes).toEqual([0]);
    expect(report.actions.map((a) => a.what)).toContain('memory: all traffic to stable (canary weight 100% -> 0%)');
  });

  it('does nothing the second time in the same workflow run, and says so', async () => {
    const w = await world();
    await run(w, { 'deploy-command': 'deploy\n{{ version }}' }).done;
    const again = await run(w, { 'deploy-command': 'deploy\n{{ version }}' }).done;
    expect(again.result).toBe('already-rolled-back');
    expect(again.reason).toMatch(/^run 1001 already rolled production back to v2 \(release \d+\); nothing done again$/);
    expect(w.commands).toEqual([['deploy', 'v2']]);
    // A different run rolls back further: v2 runs now, so v1 is next.
    const later = await run(w, { 'deploy-command': 'deploy\n{{ version }}' }, '1002').done;
    expect(later.to?.version).toBe('v1');
  });

  it('lets exactly one of two rollbacks started at once restore', async () => {
    const w = await world();
    const inputs = { 'deploy-command': 'deploy\n{{ version }}' };
    const [a, b] = await Promise.all([run(w, inputs, '2001').done, run(w, inputs, '2002').done]);
    expect([a.result, b.result].sort()).toEqual(['already-rolled-back', 'rolled-back']);
    expect(w.commands).toEqual([['deploy', 'v2']]);
    expect((await listReleases(w.ledger, 'production')).filter((r) => r.source === 'rollback')).toHaveLength(1);
  });

  it('fails loudly when health does not come back, after writing the report, and records the failure', async () => {
    const w = await world(() => false);
    const { done, record } = run(w, {
      'deploy-command': 'deploy',
      'health-url': 'http://app/healthz',
      timeout: '3s',
      'health-interval': '1s',
    });
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackFailedError);
    expect((error as Error).message).toBe(
      'rollback of production failed: http://app/healthz did not recover within 3 s: 4 of 4 checks failed, the last: GET http://app/healthz: 503',
    );
    expect(record.outputs.report).toBeTruthy();
    const [newest, bad] = await listReleases(w.ledger, 'production');
    expect([newest?.version, newest?.outcome, bad?.version, bad?.outcome]).toEqual(['v2', 'failure', 'v3', 'success']);
  });

  it('counts only consecutive healthy answers', async () => {
    // healthy, unhealthy, then healthy for good: recovery needs three in a row after the dip.
    const w = await world((n) => n !== 2);
    const report = await run(w, { 'deploy-command': 'deploy', 'health-url': 'http://app/healthz' }).done;
    expect(report.health?.checks.map((c) => c.ok)).toEqual([true, false, true, true, true]);
  });

  it('refuses an artifact whose digest is not the one recorded, before anything runs', async () => {
    const w = await world();
    writeFileSync(join(w.root, 'app-v2.tgz'), 'not the release');
    const { done } = run(w, { 'deploy-command': 'deploy', artifact: 'app-{{ version }}.tgz' });
    await expect(done).rejects.toThrow(
      /^input artifact: .*app-v2\.tgz is sha256:[0-9a-f]{64}, but release \d+ \(v2\) recorded sha256:2{64}: refusing to deploy it$/,
    );
    expect(w.commands).toEqual([]);
  });

  it('asks for a way to restore, and for a ledger outside Actions', async () => {
    const w = await world();
    await expect(run(w, {}).done).rejects.toThrow(
      'input deploy-command: or router is required: say how to restore a release',
    );
    const { runtime } = fakeRuntime({ environment: 'production', 'deploy-command': 'deploy' });
    await expect(
      rollbackStep(runtime, { workspace: w.root, tempDir: w.root, inActions: false }, w.adapters),
    ).rejects.toThrow('input ledger: is required outside GitHub Actions (file:PATH)');
  });

  it('refuses clearly when no good release remains', async () => {
    const w = await world();
    await expect(run(w, { 'deploy-command': 'deploy', to: 'v9' }).done).rejects.toThrow(
      'input to: production has no successful release of v9',
    );
    expect(w.commands).toEqual([]);
  });
});
