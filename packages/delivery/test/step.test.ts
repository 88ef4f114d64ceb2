import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeDeployments } from '../../../test/support/fake-deployments';
import { fakeRuntime } from '../../../test/support/fake-runtime';
import { githubDeployments } from '../src/deployments';
import type { RolloutReport } from '../src/report';
import type { RouterSettings } from '../src/settings';
import { type CanaryAdapters, canaryActionStage, canaryPostStep, canaryStep, RolloutFailedError } from '../src/step';
import { type SimOptions, SimWorld } from './sim-world';

const HAPROXY = {
  router: 'haproxy',
  'haproxy-socket': '/run/haproxy/admin.sock',
  backend: 'app',
  'stable-server': 'v1',
  'canary-server': 'v2',
  metrics: 'haproxy',
  steps: '10,50,100',
  interval: '30s',
  'check-interval': '5s',
  'min-samples': '20',
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(inputs: Record<string, string>, options: SimOptions = {}) {
  const sim = new SimWorld({ requestsPerSecond: 40, ...options });
  const { runtime, record } = fakeRuntime(inputs);
  const workspace = await mkdtemp(join(tmpdir(), 'canary-step-'));
  const opened: RouterSettings[] = [];
  const hooks: string[][] = [];
  const adapters: CanaryAdapters = {
    createRouter: (settings) => {
      opened.push(settings);
      return sim.router;
    },
    createMetricProvider: () => sim.provider,
    createHealthCheck: () => sim.health,
    smokeCheck: () => async () => ({ ok: true, detail: '200' }),
    clock: sim.clock,
    runHook: async (_name, argv) => {
      hooks.push([...argv]);
    },
  };
  return { sim, runtime, record, workspace, adapters, opened, hooks, context: { workspace, tempDir: workspace } };
}

const readReport = async (path: string | undefined) =>
  JSON.parse(await readFile(path as string, 'utf8')) as RolloutReport;

describe('canaryStep', () => {
  it('promotes a healthy canary: outputs, JSON report, summary with charts and decisions', async () => {
    const { runtime, record, adapters, context, sim } = await setup(HAPROXY, {
      supports: ['error-rate'],
      providerName: 'haproxy',
    });
    const report = await canaryStep(runtime, context, adapters);
    expect(report.result).toBe('promoted');
    expect(record.outputs).toMatchObject({ result: 'promoted', 'final-weight': '100' });
    const written = await readReport(record.outputs.report);
    expect(written.steps.map((s) => s.weight)).toEqual([10, 50, 100]);
    expect(written.steps[0]?.metrics.map((m) => [m.name, m.verdict, m.threshold])).toEqual([
      ['error-rate', 'pass', '< 1 %'],
      ['p95', 'not-measured', '< 500 ms'],
    ]);
    expect(written.steps[0]?.samples.canary).toBeGreaterThan(20);
    expect(written.notMeasured).toEqual(['p95: not measured by haproxy']);
    expect(record.summary).toContain('## ✅ canary promoted (canary, sim-router, metrics from haproxy)');
    expect(record.summary).toContain('```mermaid\nxychart-beta');
    expect(record.summary).toContain('bar [10, 50, 100]');
    expect(record.summary).toMatch(/\| 1: 10% \| \d+ \/ \d+ \| error-rate \| 0 % \| &lt; 1 % \|/);
    expect(record.summary).toContain('| ➖ not measured | not measured by haproxy |');
    expect(record.summary).toMatch(/\| \d\d:\d\d:\d\d \| 100% \| promote \| every step passed/);
    // Said once at the start, not once per step.
    const said = record.logger.lines.filter((l) => l.message.includes('p95 is not measured by haproxy'));
    expect(said).toHaveLength(1);
    expect(record.state['canary-moving']).toBe('false');
    expect(sim.weight).toBe(100);
  });

  it('rolls back a failing canary and fails last, after the outputs and summary', async () => {
    const { runtime, record, adapters, context, sim } = await setup(HAPROXY, { canary: { errorRate: 0.05 } });
    const error = await canaryStep(runtime, context, adapters).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RolloutFailedError);
    expect((error as Error).message).toMatch(/^canary rolled back: rolled back at 10%: .*error-rate/);
    expect(record.outputs).toMatchObject({ result: 'rolled-back', 'final-weight': '0' });
    expect(record.summary).toContain('❌ canary rolled back');
    expect(sim.weight).toBe(0);
  });

  it('records the rollout as a GitHub Deployment with in_progress then success', async () => {
    const github = await fakeDeployments();
    cleanups.push(github.close);
    const { runtime, record, adapters, context } = await setup({
      ...HAPROXY,
      environment: 'production',
      'github-token': 'ghs_secret',
    });
    adapters.ledger = (token, environment) =>
      githubDeployments({
        token,
        environment,
        repository: { owner: 'acme', repo: 'shop' },
        ref: 'abc123',
        apiUrl: github.url,
        logUrl: 'https://github.example/acme/shop/actions/runs/1',
      });
    await canaryStep(runtime, context, adapters);
    expect(github.deployments).toHaveLength(1);
    expect(github.deployments[0]).toMatchObject({ ref: 'abc123', environment: 'production', task: 'deploy:canary' });
    expect(github.deployments[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(github.deployments[0]?.statuses[1]?.log_url).toBe('https://github.example/acme/shop/actions/runs/1');
    expect(github.authorizations.every((a) => a === 'token ghs_secret')).toBe(true);
    expect(record.masked).toContain('ghs_secret');
  });

  it('marks the Deployment failed when the canary is rolled back', async () => {
    const github = await fakeDeployments();
    cleanups.push(github.close);
    const { runtime, adapters, context } = await setup(
      { ...HAPROXY, environment: 'staging', 'github-token': 't' },
      { canary: { errorRate: 0.5 } },
    );
    adapters.ledger = (token, environment) =>
      githubDeployments({ token, environment, repository: { owner: 'a', repo: 'b' }, ref: 'r', apiUrl: github.url });
    await expect(canaryStep(runtime, context, adapters)).rejects.toThrow(RolloutFailedError);
    expect(github.deployments[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(github.deployments[0]?.statuses[1]?.description).toMatch(/abort trigger: error-rate/);
  });

  it('marks the Deployment failed when a hook fails, before the error is reported', async () => {
    const github = await fakeDeployments();
    cleanups.push(github.close);
    const { runtime, adapters, context, sim } = await setup({
      ...HAPROXY,
      environment: 'staging',
      'github-token': 't',
      'pre-command': 'false',
    });
    adapters.ledger = (token, environment) =>
      githubDeployments({ token, environment, repository: { owner: 'a', repo: 'b' }, ref: 'r', apiUrl: github.url });
    adapters.runHook = async (name) => {
      throw new ConfigurationError(`input ${name}: 'false' exited with 1`);
    };
    await expect(canaryStep(runtime, context, adapters)).rejects.toThrow("input pre-command: 'false' exited with 1");
    expect(github.deployments[0]?.statuses.map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'canary rollout started'],
      ['failure', "input pre-command: 'false' exited with 1"],
    ]);
    expect(sim.weights).toEqual([]);
  });

  it('goes on with a warning when the Deployment cannot be recorded', async () => {
    const { runtime, record, adapters, context } = await setup({
      ...HAPROXY,
      environment: 'production',
      'github-token': 't',
    });
    adapters.ledger = (token, environment) =>
      githubDeployments({
        token,
        environment,
        repository: { owner: 'a', repo: 'b' },
        ref: 'r',
        apiUrl: 'http://127.0.0.1:9',
      });
    const report = await canaryStep(runtime, context, adapters);
    expect(report.result).toBe('promoted');
    expect(
      record.logger.lines.some(
        (l) => l.level === 'warning' && /Could not record the Deployment status in_progress/.test(l.message),
      ),
    ).toBe(true);
  });

  it('pauses at 50% into the state file, and a second run with resume: true promotes', async () => {
    const first = await setup({ ...HAPROXY, 'pause-at': '50' });
    const paused = await canaryStep(first.runtime, first.context, first.adapters);
    expect(paused.result).toBe('paused');
    expect(first.record.outputs).toMatchObject({ result: 'paused', 'final-weight': '50' });
    const stateFile = join(first.workspace, '.ccm/canary-rollout.json');
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { pausedAt: number };
    expect(saved.pausedAt).toBe(50);

    const second = await setup(
      { ...HAPROXY, 'pause-at': '50', resume: 'true', 'state-file': stateFile },
      { startWeight: 50 },
    );
    const resumed = await canaryStep(second.runtime, second.context, second.adapters);
    expect(resumed.result).toBe('promoted');
    expect(resumed.steps.map((s) => s.weight)).toEqual([10, 50, 100]);
  });

  it('resume without a saved rollout is an error naming the input, before traffic moves', async () => {
    const { runtime, adapters, context, sim } = await setup({ ...HAPROXY, resume: 'true' });
    await expect(canaryStep(runtime, context, adapters)).rejects.toThrow(
      /^input resume: cannot read the paused rollout in .*canary-rollout.json \(state-file\): ENOENT/,
    );
    expect(sim.weights).toEqual([]);
  });

  it('judges the analysis file metrics beside the built-ins', async () => {
    const { runtime, adapters, context, workspace } = await setup(
      { ...HAPROXY, metrics: 'prometheus', 'prometheus-url': 'http://127.0.0.1:9090', analysis: 'analysis.yml' },
      { canary: { custom: 0.9 }, stable: { custom: 0.99 } },
    );
    await writeFile(
      join(workspace, 'analysis.yml'),
      'metrics:\n  - name: checkout-success\n    query: sum(rate(checkout_ok{version="{{ version }}"}[{{ interval }}]))\n    min: 0.95\n',
    );
    const error = (await canaryStep(runtime, context, adapters).catch((e: unknown) => e)) as RolloutFailedError;
    expect(error).toBeInstanceOf(RolloutFailedError);
    const checkout = error.report.steps[0]?.metrics.find((m) => m.name === 'checkout-success');
    expect(checkout).toMatchObject({ verdict: 'fail', value: 0.9, threshold: '>= 0.95' });
  });

  it('refuses analysis metrics on a provider that runs no queries, before traffic moves', async () => {
    const { runtime, adapters, context, workspace, sim } = await setup(
      { ...HAPROXY, analysis: 'analysis.yml' },
      { supports: ['error-rate'], providerName: 'haproxy' },
    );
    await writeFile(join(workspace, 'analysis.yml'), 'metrics:\n  - name: orders\n    query: x\n    min: 1\n');
    await expect(canaryStep(runtime, context, adapters)).rejects.toThrow(
      /^input analysis: orders need a provider that runs queries; haproxy does not/,
    );
    expect(sim.weights).toEqual([]);
  });

  it('stops before any traffic moves when the router check fails, naming the input', async () => {
    const { runtime, adapters, context, sim } = await setup(HAPROXY);
    adapters.createRouter = () => ({
      ...sim.router,
      check: async () => {
        throw new ConfigurationError("input canary-server: backend app has no server 'v3'");
      },
    });
    await expect(canaryStep(runtime, context, adapters)).rejects.toThrow(/input canary-server/);
    expect(sim.weights).toEqual([]);
  });

  it('stops before any traffic moves when a query is malformed for the provider', async () => {
    const { runtime, adapters, context, sim } = await setup(HAPROXY);
    const provider = sim.provider;
    adapters.createMetricProvider = () => ({
      ...provider,
      measure: async () => {
        throw new ConfigurationError('input error-rate-query: the query returned 3 series where one is expected');
      },
    });
    await expect(canaryStep(runtime, context, adapters)).rejects.toThrow(/input error-rate-query: .*3 series/);
    expect(sim.weights).toEqual([]);
  });
});

describe('the post stage', () => {
  it('returns all traffic to stable when the main stage was cut off mid-rollout, and says so', async () => {
    const { runtime, record, adapters, context, sim, opened } = await setup(HAPROXY);
    // The main stage is killed in the middle of the 50% step: what it left is the state and weight then
    // (a SIGKILL skips the main stage's own crash handler, which the throw here would run).
    let killed: Record<string, string> = {};
    sim.at(45_000, (world) => {
      killed = { ...record.state };
      expect(world.weight).toBe(50);
      throw new Error('SIGKILL');
    });
    await expect(canaryActionStage(runtime, context, adapters)).rejects.toThrow('SIGKILL');
    expect(killed['canary-moving']).toBe('true');
    Object.assign(record.state, killed);
    sim.weight = 50;
    await canaryActionStage(runtime, context, adapters);
    expect(sim.weight).toBe(0);
    expect(opened.at(-1)).toEqual({
      kind: 'haproxy',
      socket: '/run/haproxy/admin.sock',
      backend: 'app',
      stableServer: 'v1',
      canaryServer: 'v2',
    });
    expect(record.logger.lines.at(-1)?.message).toBe(
      'The job was cancelled or the rollout crashed mid-rollout: all traffic returned to stable (sim-router: canary weight 50% -> 0%).',
    );
  });

  it('leaves the router alone after a decision (promoted, rolled back or paused)', async () => {
    const { runtime, record, adapters, sim } = await setup(HAPROXY);
    record.state['canary-moving'] = 'false';
    record.state['canary-router'] = JSON.stringify({ kind: 'haproxy' });
    sim.weight = 50;
    await canaryPostStep(runtime, adapters);
    expect(sim.weight).toBe(50);
  });
});
