/**
 * Rollback, start to healthy, through HAProxy, nginx and a deploy-command: `rollbackStep` in process
 * and the action's bundle through the runner harness (process start included), against peers in
 * the same run, interleaved. Every side ends the same way: the frontend's /healthz answered 200
 * three times in a row, polled every 100 ms (what the rollback's own health-url check does).
 *
 *   node --import tsx bench/rollback.ts [--runs 5]
 *
 * Needs haproxy and nginx (apt-get install -y haproxy nginx) and the bundle built locally
 * (node scripts/build-bundles.mjs actions/rollback).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../packages/delivery/src/clock';
import { fileLedger } from '../packages/delivery/src/ledger';
import { realRollbackAdapters, rollbackStep } from '../packages/delivery/src/rollback';
import { waitUntilHealthy } from '../packages/delivery/src/rollback/health';
import { createRouter } from '../packages/delivery/src/routers';
import { runAction } from '../test/harness/run-action';
import { answers, freePort, startServerProcess } from '../test/support/delivery/process';
import { startServedService } from '../test/support/delivery/served-service';
import { startCanaryWorld } from '../test/support/delivery/world';
import { fakeRuntime } from '../test/support/fake-runtime';
import { commandLine, machine, markdownTable, median, NODE_24, REPO_ROOT } from './machine';

const ACTION_DIR = join(REPO_ROOT, 'actions/rollback');
const DEPLOY_SCRIPT = fileURLToPath(new URL('../test/support/delivery/deploy.mjs', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/rollback.json', import.meta.url));
const TARGET_MS = 2000;
const HEALTH = { healthyAfter: 3, intervalMs: 100, timeoutMs: 10_000 };
const HEALTH_INPUTS = { 'healthy-after': '3', 'health-interval': '100ms', timeout: '10s' };

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const command = commandLine('bench/rollback.ts', values.runs !== '5' ? ['--runs', values.runs] : []);

/** One way to roll back: `prepare` (untimed) makes the bad release run, `run` restores it and waits for health. */
interface Side {
  name: string;
  prepare(): Promise<void>;
  /** May return what the step itself reported as duration-ms (start of its own code to healthy). */
  run(): Promise<number | undefined>;
}

/** The peers' health wait, the same as the step's; undefined: a peer reports no duration of its own. */
async function healthy(url: string): Promise<undefined> {
  const recovery = await waitUntilHealthy(realRollbackAdapters.healthCheck(url, 2000), HEALTH, systemClock);
  if (!recovery.healthy) throw new Error(`${url} did not become healthy: ${recovery.checks.at(-1)?.detail}`);
  return undefined;
}

async function unhealthy(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (!(await realRollbackAdapters.healthCheck(url, 2000)()).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} stayed healthy: the bad release is not running`);
}

/** A fresh workspace whose file ledger says v1..v3 succeeded (v3 runs), each with its artifact's digest. */
async function ledgerWorkspace(): Promise<string> {
  const workspace = mkdtempSync(join(tmpdir(), 'ccm-bench-rollback-'));
  mkdirSync(join(workspace, 'artifacts'));
  const ledger = fileLedger(join(workspace, 'releases.json'));
  for (const version of ['v1', 'v2', 'v3']) {
    const content = `the app, ${version}\n`;
    writeFileSync(join(workspace, 'artifacts', `app-${version}.tgz`), content);
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    await ledger.record({ environment: 'production', version, outcome: 'success', digest });
  }
  return workspace;
}

let runIds = 9000;
/** Our two sides over the same inputs: rollbackStep in this process, and the bundle as the runner starts it. */
function ours(
  inputs: () => Record<string, string>,
  prepare: () => Promise<void>,
  before: (ws: string) => void = () => {},
): Side[] {
  let workspace = '';
  const setUp = async () => {
    workspace = await ledgerWorkspace();
    before(workspace);
    await prepare();
  };
  const all = () => ({ environment: 'production', ledger: 'file:releases.json', ...HEALTH_INPUTS, ...inputs() });
  return [
    {
      name: 'ccm rollbackStep (in process)',
      prepare: setUp,
      async run() {
        const { runtime } = fakeRuntime(all());
        const context = { workspace, tempDir: workspace, inActions: false, runId: String(runIds++) };
        const report = await rollbackStep(runtime, context, realRollbackAdapters);
        if (report.result !== 'rolled-back') throw new Error(`rollbackStep: ${report.reason}`);
        return report.durationMs;
      },
    },
    {
      name: 'ccm rollback bundle (process start included)',
      prepare: setUp,
      async run() {
        const result = await runAction({
          actionDir: ACTION_DIR,
          workspace,
          token: 'ghs_bench',
          env: { GITHUB_RUN_ID: String(runIds++) },
          inputs: all(),
        });
        if (result.exitCode !== 0 || result.outputs['rolled-back-to'] !== 'v2')
          throw new Error(`bundle failed:\n${result.stdout}${result.stderr}`);
        return Number(result.outputs['duration-ms']);
      },
    },
  ];
}

/** A second HAProxy in master-worker mode whose config is rewritten and reloaded (SIGUSR2): the naive peer. */
async function reloadingHaproxy(stable: string, canary: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-bench-haproxy-'));
  const port = await freePort();
  const file = join(dir, 'haproxy.cfg');
  const write = (canaryWeight: number) =>
    writeFileSync(
      file,
      `global\n  stats timeout 30s\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 30s\n  timeout server 30s\nfrontend web\n  bind 127.0.0.1:${port}\n  default_backend app\nbackend app\n  balance roundrobin\n  server stable ${new URL(stable).host} weight ${100 - canaryWeight}\n  server canary ${new URL(canary).host} weight ${canaryWeight}\n`,
    );
  write(0);
  const url = `http://127.0.0.1:${port}`;
  const server = await startServerProcess('haproxy-naive', ['haproxy', '-W', '-db', '-f', file], () => answers(url), {
    folder: dir,
  });
  const reload = (canaryWeight: number) => {
    write(canaryWeight);
    execFileSync('haproxy', ['-c', '-q', '-f', file]);
    server.child.kill('SIGUSR2');
  };
  return { url, reload, stop: server.stop };
}

async function routerScenario(kind: 'haproxy' | 'nginx'): Promise<{ sides: Side[]; stop: () => Promise<void> }> {
  const world = await startCanaryWorld({ router: kind });
  world.canary.set({ healthy: false, errorRate: 1 });
  const settings =
    kind === 'haproxy'
      ? ({
          kind,
          socket: world.haproxy!.socket,
          backend: 'app',
          stableServer: 'stable',
          canaryServer: 'canary',
        } as const)
      : ({
          kind,
          config: world.nginx!.upstreamFile,
          upstream: world.nginx!.upstream,
          stableServer: world.nginx!.stableServer,
          canaryServer: world.nginx!.canaryServer,
          testCommand: world.nginx!.testCommand,
          reloadCommand: world.nginx!.reloadCommand,
        } as const);
  const router = createRouter(settings);
  const health = `${world.frontend}/healthz`;
  const bad = async () => {
    await router.setWeight(100);
    await unhealthy(health);
  };
  const inputs = (): Record<string, string> =>
    kind === 'haproxy'
      ? {
          router: kind,
          'haproxy-socket': settings.socket as string,
          backend: 'app',
          'stable-server': 'stable',
          'canary-server': 'canary',
          'health-url': health,
        }
      : {
          router: kind,
          'nginx-config': world.nginx!.upstreamFile,
          upstream: world.nginx!.upstream,
          'stable-server': world.nginx!.stableServer,
          'canary-server': world.nginx!.canaryServer,
          'nginx-test-command': world.nginx!.testCommand.join('\n'),
          'nginx-reload-command': world.nginx!.reloadCommand.join('\n'),
          'health-url': health,
        };
  const floor: Side = {
    name: `floor: router.setWeight(0) alone (${kind === 'haproxy' ? 'Runtime API set weight' : 'render, nginx -t, nginx -s reload'})`,
    prepare: bad,
    async run() {
      await router.setWeight(0);
      return healthy(health);
    },
  };
  const stops = [async () => router.close?.(), world.stop];
  let naive: Side;
  if (kind === 'haproxy') {
    const peer = await reloadingHaproxy(world.stable.url, world.canary.url);
    stops.unshift(peer.stop);
    naive = {
      name: 'naive: rewrite haproxy.cfg, haproxy -c, reload (SIGUSR2 to the master)',
      async prepare() {
        peer.reload(100);
        await unhealthy(`${peer.url}/healthz`);
      },
      async run() {
        peer.reload(0);
        return healthy(`${peer.url}/healthz`);
      },
    };
  } else {
    const nginx = world.nginx!;
    naive = {
      name: 'naive: rewrite the upstream file, nginx -s reload (no -t)',
      prepare: bad,
      async run() {
        writeFileSync(
          nginx.upstreamFile,
          `upstream ${nginx.upstream} {\n  server ${nginx.stableServer} weight=100;\n  server ${nginx.canaryServer} down;\n}\n`,
        );
        await new Promise<void>((resolve, reject) => {
          const [program, ...args] = nginx.reloadCommand;
          spawn(program!, args, { stdio: 'ignore' }).once('close', (code) =>
            code === 0 ? resolve() : reject(new Error(`reload ${code}`)),
          );
        });
        return healthy(health);
      },
    };
  }
  return {
    sides: [floor, naive, ...ours(inputs, bad)],
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
}

async function deployScenario(): Promise<{ sides: Side[]; stop: () => Promise<void> }> {
  let workspace = mkdtempSync(join(tmpdir(), 'ccm-bench-deploy-'));
  const services: { close(): Promise<void> }[] = [];
  let service = await startServedService(workspace, ['v3']);
  services.push(service);
  // Each side serves from its own workspace: the service is restarted on it (untimed).
  const serveFrom = async (dir: string) => {
    workspace = dir;
    await service.close();
    service = await startServedService(dir, ['v3']);
    services.push(service);
    writeFileSync(join(dir, 'served.json'), JSON.stringify({ version: 'v3' }));
    await unhealthy(`${service.url}/healthz`);
  };
  const deploy = (dir: string) =>
    new Promise<void>((resolve, reject) => {
      spawn('node', [DEPLOY_SCRIPT, 'v2', 'sha256:-'], { cwd: dir, stdio: 'ignore' }).once('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`deploy.mjs exited ${code}`)),
      );
    });
  const floor: Side = {
    name: 'floor: the deploy command alone (node deploy.mjs v2), then the same health wait',
    prepare: () => serveFrom(mkdtempSync(join(tmpdir(), 'ccm-bench-deploy-'))),
    async run() {
      await deploy(workspace);
      return healthy(`${service.url}/healthz`);
    },
  };
  let pendingDir = '';
  const inputs = () => ({
    'deploy-command': ['node', DEPLOY_SCRIPT, '{{ version }}', '{{ digest }}'].join('\n'),
    artifact: 'artifacts/app-{{ version }}.tgz',
    'health-url': `${service.url}/healthz`,
  });
  const sides = ours(
    inputs,
    () => serveFrom(pendingDir),
    (ws) => {
      pendingDir = ws;
    },
  );
  return {
    sides: [floor, ...sides],
    stop: async () => {
      for (const s of services) await s.close().catch(() => undefined);
    },
  };
}

const host = machine(NODE_24);
const results: { scenario: string; side: string; medianMs: number; runsMs: number[]; stepMedianMs?: number }[] = [];
for (const [scenario, start] of [
  ['haproxy', () => routerScenario('haproxy')],
  ['nginx', () => routerScenario('nginx')],
  ['deploy-command', deployScenario],
] as const) {
  const { sides, stop } = await start();
  const times = sides.map(() => [] as number[]);
  const inner = sides.map(() => [] as number[]);
  try {
    for (const side of sides) {
      await side.prepare();
      await side.run(); // warm-up, untimed
    }
    for (let i = 0; i < runs; i++) {
      for (const [index, side] of sides.entries()) {
        await side.prepare();
        const t0 = process.hrtime.bigint();
        const reported = await side.run();
        times[index]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (typeof reported === 'number') inner[index]!.push(reported);
      }
    }
  } finally {
    await stop();
  }
  for (const [index, side] of sides.entries())
    results.push({
      scenario,
      side: side.name,
      medianMs: Math.round(median(times[index]!)),
      runsMs: times[index]!.map(Math.round),
      ...(inner[index]!.length > 0 ? { stepMedianMs: Math.round(median(inner[index]!)) } : {}),
    });
  console.error(`${scenario}: done`);
}

const rows = results.map((r) => {
  const floor = results.find((f) => f.scenario === r.scenario && f.side.startsWith('floor'))!;
  return [
    r.scenario,
    r.side,
    String(r.medianMs),
    r.stepMedianMs === undefined ? '-' : String(r.stepMedianMs),
    r.runsMs.join(', '),
    `${(r.medianMs / floor.medianMs).toFixed(2)}x`,
  ];
});
const verdicts = ['haproxy', 'nginx', 'deploy-command'].map((scenario) => {
  const floor = results.find((r) => r.scenario === scenario && r.side.startsWith('floor'))!;
  const bundle = results.find((r) => r.scenario === scenario && r.side.includes('bundle'))!;
  // For deploy-command the floor is the command's own time plus the health wait; the aim allows the command's time.
  const budget = TARGET_MS + (scenario === 'deploy-command' ? floor.medianMs : 0);
  return { scenario, bundleMs: bundle.medianMs, budgetMs: budget, met: bundle.medianMs < budget };
});
console.log(`\n${command}\n\nload average at the start: ${host.loadAverage.join(', ')}\n`);
console.log(markdownTable(['scenario', 'side', 'median ms', 'duration-ms (median)', 'runs (ms)', 'vs floor'], rows));
for (const v of verdicts)
  console.log(
    `${v.scenario}: bundle ${v.bundleMs} ms against the aim of ${v.budgetMs} ms: ${v.met ? 'met' : 'NOT met'}`,
  );
writeFileSync(
  RESULTS,
  `${JSON.stringify({ command, machine: host, date: new Date().toISOString(), health: HEALTH, results, verdicts }, null, 2)}\n`,
);
