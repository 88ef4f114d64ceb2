import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canaryInputs } from '@ccm/delivery/inputs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Service, startService } from '../../../test/support/delivery/service';
import { SimWorld } from '../../delivery/test/sim-world';
import { cliProgram } from '../src/program';
import { runCcm } from './run-cli';

const ARGS = [
  'canary',
  '--router',
  'haproxy',
  '--haproxy-socket',
  '127.0.0.1:9999',
  '--backend',
  'app',
  '--stable-server',
  'v1',
  '--canary-server',
  'v2',
  '--metrics',
  'haproxy',
  '--steps',
  '50,100',
  '--interval',
  '20s',
  '--check-interval',
  '5s',
  '--min-samples',
  '10',
  '--report-path',
  'canary.json',
  '--quiet',
];

async function canary(args: string[], sim: SimWorld) {
  const cwd = mkdtempSync(join(tmpdir(), 'ccm-canary-'));
  const result = await runCcm(cwd, args, {
    canaryAdapters: {
      createRouter: () => sim.router,
      createMetricProvider: () => sim.provider,
      createHealthCheck: () => sim.health,
      smokeCheck: () => async () => ({ ok: true, detail: '200' }),
      clock: sim.clock,
    },
  });
  return { ...result, cwd };
}

describe('ccm canary', () => {
  it('takes every input of the action as an option, but the GitHub-only ones', () => {
    const command = cliProgram({ print: () => {}, error: () => {}, cwd: '.' }, () => {}).commands.find(
      (c) => c.name() === 'canary',
    );
    const options = command?.options.map((o) => o.long) ?? [];
    const expected = Object.keys(canaryInputs)
      .filter((name) => name !== 'github-token' && name !== 'environment')
      .map((name) => `--${name}`);
    expect(options).toEqual(expect.arrayContaining(expected));
  });

  it('promotes a healthy canary: exit 0, the result and the report path printed', async () => {
    const sim = new SimWorld({ requestsPerSecond: 20 });
    const { code, out, cwd } = await canary(ARGS, sim);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^canary: promoted at 100%: every step passed/);
    expect(out[0]).toContain(`report: ${join(cwd, 'canary.json')}`);
    const report = JSON.parse(readFileSync(join(cwd, 'canary.json'), 'utf8')) as { steps: { weight: number }[] };
    expect(report.steps.map((s) => s.weight)).toEqual([50, 100]);
  });

  it('exits 1 when the canary is rolled back, all traffic on stable', async () => {
    const sim = new SimWorld({ requestsPerSecond: 20, canary: { errorRate: 0.3 } });
    const { code, out } = await canary(ARGS, sim);
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^canary: rolled-back at 0%: rolled back at 50%: abort trigger: error-rate/);
    expect(sim.weight).toBe(0);
  });

  it('exits 2 naming the input on bad input, before any traffic moves', async () => {
    const sim = new SimWorld();
    const { code, err } = await canary([...ARGS, '--steps', '10,50'], sim);
    expect(code).toBe(2);
    expect(err[0]).toBe("ccm: input steps: the last weight must be 100, got 50 (in '10,50')");
    expect(sim.weights).toEqual([]);
  });
});

describe('ccm canary with the real adapters: the local proxy and the prober, against two real services', () => {
  const services: Service[] = [];
  afterEach(async () => {
    for (const service of services.splice(0)) await service.close();
  });

  async function rollout(canary: { errorRate: number }) {
    const stable = await startService('stable');
    const next = await startService('canary', canary);
    services.push(stable, next);
    const cwd = mkdtempSync(join(tmpdir(), 'ccm-canary-local-'));
    // biome-ignore format: one option a line reads best
    return runCcm(cwd, [
      'canary', '--router', 'local', '--stable-server', stable.url, '--canary-server', next.url,
      '--metrics', 'probe', '--probe-url', stable.url, next.url, '--probe-rate', '40',
      '--steps', '50,100', '--interval', '2s', '--check-interval', '1s', '--min-samples', '20',
      '--report-path', 'canary.json', '--quiet',
      // The services, the proxy and the prober share this test's event loop: on a loaded machine its
      // delays show as latency, so this test judges error rates, and the judge's latency is tested apart.
      '--max-p95-ms', '10000', '--abort-p95-ms', '20000', '--compare', 'thresholds',
    ]);
  }

  it('promotes a healthy canary', async () => {
    const { code, out, err } = await rollout({ errorRate: 0 });
    expect(err).toEqual([]);
    expect(out[0]).toMatch(/^canary: promoted at 100%/);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^canary: promoted at 100%/);
  });

  it('rolls back a canary failing 30% of requests (exit 1)', async () => {
    const { code, out } = await rollout({ errorRate: 0.3 });
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^canary: rolled-back at 0%: rolled back at 50%: .*error-rate/);
  });
});
