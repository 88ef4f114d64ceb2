import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CanaryAdapters,
  canaryStep,
  formatDuration,
  type MetricProvider,
  type MetricResult,
  RolloutFailedError,
  type RolloutReport,
  type TrafficRouter,
} from '@ccm/delivery';
import { createMetricProvider, createRouter, realAdapters } from '@ccm/delivery/adapters';
import {
  type HaproxyServer,
  type LoadGenerator,
  LocalProxyRouter,
  type Service,
  startHaproxy,
  startLoad,
  startService,
} from '@ccm/delivery/demo';
import { fileLedger, type ReleaseLedger } from '@ccm/delivery/ledger';
import { type RollbackReport, realRollbackAdapters, rollbackStep } from '@ccm/delivery/rollback';
import { cliRuntime } from './runtime';

/** Where Debian installs HAProxy; without it the demo routes through the built-in local proxy. */
export const HAPROXY = '/usr/sbin/haproxy';
const ENVIRONMENT = 'demo';

export interface DeliveryDemoOptions {
  /** The demo's output folder: reports, summaries and the release ledger go there. */
  out: string;
  print: (text: string) => void;
  /** The HAProxy program to route through; undefined for the local proxy. */
  haproxy?: string | undefined;
}

export interface DeliveryDemoOutcome {
  router: 'haproxy' | 'local';
  badCanary: RolloutReport;
  goodCanary: RolloutReport;
  rollback: RollbackReport;
  /** HAProxy's process id, for a caller checking that nothing was left running. */
  haproxyPid?: number | undefined;
  /** Requests the traffic generator sent through the router, and those no version answered. */
  traffic: { sent: number; lost: number };
}

/** The HAProxy program when installed, else undefined (the local proxy then). */
export function installedHaproxy(): string | undefined {
  return existsSync(HAPROXY) ? HAPROXY : undefined;
}

/** The router the stages use, with the inputs canary-deploy and rollback name it by. */
interface Front {
  name: 'haproxy' | 'local';
  url: string;
  inputs: Record<string, string>;
  adapters: Pick<CanaryAdapters, 'createRouter' | 'createMetricProvider'>;
  pid?: number | undefined;
}

/**
 * The delivery stages of `ccm demo`: a stable v1 and a canary slot behind one router (HAProxy, or the
 * built-in local proxy), steady traffic through it, and a file ledger recording each release. v2 fails
 * 30% of its requests: canary-deploy rolls it back. v3 is healthy: promoted. Then v3 goes bad and
 * `rollback` restores the last good release from the ledger, v1 (v2 failed), through the same
 * router, health checked. Every server and HAProxy are stopped when it ends, failed or not.
 */
export async function deliveryStages(options: DeliveryDemoOptions): Promise<DeliveryDemoOutcome> {
  const { out, print } = options;
  const ledger = fileLedger(join(out, 'releases.json'));
  const closers: (() => Promise<unknown>)[] = [];
  let load: LoadGenerator | undefined;
  const stopAll = async () => {
    await load?.stop();
    load = undefined;
    // Last started, first stopped: the router before the services behind it.
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  // Stopped from outside (Ctrl-C, SIGTERM): HAProxy and the servers go first, then the process.
  const interrupted = (signal: NodeJS.Signals) => {
    void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    print('9/11 canary v2 (fails 30% of its requests): two services behind one router, a release ledger');
    const stable = await startService('stable');
    closers.push(() => stable.close());
    const canary = await startService('canary', { errorRate: 0.3 });
    closers.push(() => canary.close());
    const front = await openFront(options.haproxy, stable, canary, closers);
    print(
      front.name === 'haproxy'
        ? `    router: HAProxy (${options.haproxy}, pid ${front.pid}, Runtime API at ${front.inputs['haproxy-socket']}), metrics: its own statistics`
        : '    router: the local proxy (the weighted HTTP proxy built into ccm; HAProxy is not installed), metrics: what it proxied',
    );
    load = startLoad(front.url, { rate: 60 });
    await record(ledger, 'v1', 'success', 'ccm demo', 'the first release, on the stable server');
    print(`    ledger ${join('.tmp', 'demo', 'releases.json')}: v1 recorded as a success (the stable server runs it)`);
    const badCanary = await canaryRelease(out, 'v2', front, ledger, print);
    if (badCanary.result !== 'rolled-back')
      throw new Error(`the failing canary v2 was ${badCanary.result}, not rolled back: the demo found a bug`);

    print(`10/11 canary v3 (healthy) through ${front.name}`);
    canary.set({ errorRate: 0 });
    const goodCanary = await canaryRelease(out, 'v3', front, ledger, print);
    if (goodCanary.result !== 'promoted')
      throw new Error(`the healthy canary v3 was ${goodCanary.result}, not promoted: the demo found a bug`);

    print(`11/11 v3 goes bad (50% errors, /healthz 503): rollback from the ledger through ${front.name}`);
    canary.set({ errorRate: 0.5, healthy: false });
    print(`    before: ${await healthThrough(front.url)}`);
    const rollback = await rollBack(out, front, print);
    if (rollback.to?.version !== 'v1')
      throw new Error(`rollback landed on ${rollback.to?.version ?? 'nothing'}, not v1: the demo found a bug`);
    const traffic = await load.stop();
    load = undefined;
    const answered = Object.entries(traffic.byVersion)
      .map(([server, { answered, errors }]) => `${server} ${answered} (${errors} errors)`)
      .join(', ');
    print(`    traffic through ${front.name}: ${traffic.sent} requests; answered by ${answered}; lost ${traffic.lost}`);
    return {
      router: front.name,
      badCanary,
      goodCanary,
      rollback,
      haproxyPid: front.pid,
      traffic: { sent: traffic.sent, lost: traffic.lost },
    };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await stopAll();
  }
}

async function openFront(
  haproxy: string | undefined,
  stable: Service,
  canary: Service,
  closers: (() => Promise<unknown>)[],
): Promise<Front> {
  if (haproxy) {
    const server: HaproxyServer = await startHaproxy({ stable: stable.url, canary: canary.url }, haproxy);
    closers.push(() => server.stop());
    const inputs = {
      router: 'haproxy',
      'haproxy-socket': server.socket,
      backend: server.backend,
      'stable-server': server.stableServer,
      'canary-server': server.canaryServer,
      metrics: 'haproxy',
    };
    return {
      name: 'haproxy',
      url: server.url,
      inputs,
      adapters: { createRouter, createMetricProvider },
      pid: server.pid,
    };
  }
  const proxy = new LocalProxyRouter({
    kind: 'local',
    listen: '127.0.0.1:0',
    upstreams: { stable: stable.url, canary: canary.url },
  });
  closers.push(() => proxy.close());
  const url = await proxy.start();
  // Each step opens and closes its router; the demo's one proxy must outlive them, and its own
  // record of what it proxied is the metric source (no input names it: it is the demo's adapter).
  const shared: TrafficRouter = {
    name: proxy.name,
    check: () => proxy.check(),
    weight: () => proxy.weight(),
    setWeight: (percent) => proxy.setWeight(percent),
    close: async () => undefined,
  };
  const metrics: MetricProvider = proxy.metrics();
  return {
    name: 'local',
    url,
    inputs: {
      router: 'local',
      'stable-server': stable.url,
      'canary-server': canary.url,
      metrics: 'probe',
      'probe-url': `${stable.url}\n${canary.url}`,
    },
    adapters: { createRouter: () => shared, createMetricProvider: () => metrics },
  };
}

/** One canary release: recorded in progress, rolled out by canary-deploy's step, its outcome recorded. */
async function canaryRelease(
  out: string,
  version: string,
  front: Front,
  ledger: ReleaseLedger,
  print: (text: string) => void,
): Promise<RolloutReport> {
  const release = await record(ledger, version, 'in_progress', 'canary-deploy', 'canary rollout started');
  const runtime = cliRuntime({
    // biome-ignore format: one input a line reads best
    inputs: {
      ...front.inputs,
      steps: '25,50,100', interval: '2s', 'check-interval': '500ms', 'min-samples': '20',
      // The demo's two services differ by design only in their error rate: fixed thresholds judge it.
      compare: 'thresholds',
      'report-path': join(out, `canary-${version}.json`),
    },
    summaryFile: join(out, `canary-${version}-summary.md`),
    quiet: true,
  });
  let report: RolloutReport;
  try {
    report = await canaryStep(runtime, { workspace: out, tempDir: out }, { ...realAdapters(), ...front.adapters });
  } catch (error) {
    if (!(error instanceof RolloutFailedError)) {
      await ledger.setOutcome(release.id, 'failure', 'the rollout did not finish');
      throw error;
    }
    report = error.report;
  }
  for (const step of report.steps) {
    const numbers = step.metrics.map((m) => `${m.name} ${metricText(m, report.provider)}`).join('; ');
    const samples = [
      step.samples.canary === undefined ? '' : `${step.samples.canary} canary`,
      step.samples.stable === undefined ? '' : `${step.samples.stable} stable`,
    ]
      .filter(Boolean)
      .join(' / ');
    print(`    ${step.weight}%: ${samples || 'no'} requests; ${numbers} -> ${step.decision.action}`);
  }
  const seconds = (Date.parse(report.endedAt) - Date.parse(report.startedAt)) / 1000;
  print(`    ${version} ${report.result} at ${report.finalWeight}% in ${seconds.toFixed(1)} s: ${report.reason}`);
  const outcome = report.result === 'promoted' ? 'success' : 'failure';
  await ledger.setOutcome(release.id, outcome, report.reason);
  print(`    ledger: ${version} recorded as a ${outcome}; report ${join('.tmp', 'demo', `canary-${version}.json`)}`);
  return report;
}

/** `rollback` on the same router: the last good release from the ledger, then /healthz through the router. */
async function rollBack(out: string, front: Front, print: (text: string) => void): Promise<RollbackReport> {
  const { metrics: _metrics, 'probe-url': _probe, ...routerInputs } = front.inputs;
  const runtime = cliRuntime({
    inputs: {
      ...routerInputs,
      environment: ENVIRONMENT,
      ledger: `file:${join(out, 'releases.json')}`,
      'health-url': `${front.url}/healthz`,
      'healthy-after': '3',
      'health-interval': '100ms',
      timeout: '10s',
      'report-path': join(out, 'rollback.json'),
    },
    summaryFile: join(out, 'rollback-summary.md'),
    quiet: true,
  });
  const report = await rollbackStep(
    runtime,
    { workspace: out, tempDir: out, inActions: false },
    { ...realRollbackAdapters, createRouter: front.adapters.createRouter },
  );
  for (const action of report.actions) print(`    ${action.what}`);
  print(`    ${report.result}: ${report.reason} in ${formatDuration(report.durationMs)}, start to healthy`);
  print(`    report ${join('.tmp', 'demo', 'rollback.json')}, summary ${join('.tmp', 'demo', 'rollback-summary.md')}`);
  return report;
}

function record(
  ledger: ReleaseLedger,
  version: string,
  outcome: 'success' | 'in_progress',
  source: string,
  description: string,
) {
  return ledger.record({ environment: ENVIRONMENT, version, outcome, source, description });
}

/** A metric's value against its threshold and its verdict; one the provider cannot measure says so. */
function metricText(metric: MetricResult, provider: string): string {
  if (metric.verdict === 'not-measured') return `not measured by ${provider}`;
  if (metric.value === undefined) return `no data (${metric.threshold}): ${metric.verdict}`;
  const value = `${Math.round(metric.value * 100) / 100}${metric.unit === '%' ? '%' : ` ${metric.unit}`}`;
  return `${value} (${metric.threshold}): ${metric.verdict}`;
}

/** What /healthz answers through the router right now. */
async function healthThrough(url: string): Promise<string> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return `/healthz through the router answers ${response.status} (${(await response.text()).trim()})`;
  } catch (error) {
    return `/healthz through the router does not answer (${error instanceof Error ? error.message : String(error)})`;
  }
}
