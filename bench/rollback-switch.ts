/**
 * Time from a bad canary's decision to all traffic back on stable, through the real HAProxy (Runtime
 * API `set weight`) and the real nginx (upstream rendered, `nginx -t`, `nginx -s reload`), each the
 * other's named peer, interleaved in the same run.
 *
 *   node --import tsx bench/rollback-switch.ts [--runs 5] [--rate 400]
 *
 * Each run starts the test world (test/support/delivery: the two-version service, the router), sets
 * the canary to 50%, sends `rate` requests a second through the router's frontend, then calls
 * setWeight(0) at t0. The switch time is the last request the canary served that was sent after t0,
 * minus t0, as the load generator saw it (0 when the canary served nothing sent after t0; the
 * resolution is one request interval, 1000/rate ms). It also records how long setWeight(0) took to
 * resolve and every request no version answered (must be 0). Writes bench/results/rollback-switch.json.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TrafficRouter } from '../packages/delivery/src/ports';
import { HaproxyRouter } from '../packages/delivery/src/routers/haproxy';
import { NginxRouter } from '../packages/delivery/src/routers/nginx';
import { startCanaryWorld } from '../test/support/delivery/world';
import { commandLine, machine, markdownTable, median } from './machine';

const RESULTS = fileURLToPath(new URL('./results/rollback-switch.json', import.meta.url));
const ROUTERS = ['haproxy', 'nginx'] as const;
type RouterName = (typeof ROUTERS)[number];

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, rate: { type: 'string', default: '400' } },
});
const runs = Number(values.runs);
const rate = Number(values.rate);
const command = commandLine('bench/rollback-switch.ts', [
  ...(values.runs !== '5' ? ['--runs', String(runs)] : []),
  ...(values.rate !== '400' ? ['--rate', String(rate)] : []),
]);
const host = machine(process.execPath);
console.error(`${command}\n${host.cpu} x${host.cores}, load ${host.loadAverage.join(' ')}, Node ${host.node}`);

interface Run {
  switchMs: number;
  callMs: number;
  canaryAfterCall: number;
  lost: number;
  sent: number;
}
const results: Record<RouterName, Run[]> = { haproxy: [], nginx: [] };

for (let run = 1; run <= runs; run++) {
  for (const name of ROUTERS) {
    const result = await once(name);
    results[name].push(result);
    console.error(
      `run ${run}/${runs} ${name}: switch ${result.switchMs} ms, setWeight(0) resolved in ${result.callMs} ms, ${result.canaryAfterCall} canary answers after the call, ${result.lost} lost of ${result.sent}`,
    );
    if (result.lost > 0) process.exitCode = 1;
  }
}

async function once(name: RouterName): Promise<Run> {
  const world = await startCanaryWorld({ router: name });
  try {
    const router: TrafficRouter =
      name === 'haproxy'
        ? new HaproxyRouter({ kind: 'haproxy', ...world.haproxy! })
        : new NginxRouter({ kind: 'nginx', config: world.nginx!.upstreamFile, ...world.nginx! });
    await router.setWeight(50);
    const load = world.startLoad({ rate });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const t0 = performance.timeOrigin + performance.now();
    await router.setWeight(0);
    const callMs = performance.timeOrigin + performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const report = await load.stop();
    const late = load.samples().filter((s) => s.version === 'canary' && s.sentAt >= t0);
    const last = Math.max(t0, ...late.map((s) => s.sentAt));
    return {
      switchMs: round(last - t0),
      callMs: round(callMs),
      canaryAfterCall: late.length,
      lost: report.lost,
      sent: report.sent,
    };
  } finally {
    await world.stop();
  }
}

const rows = ROUTERS.map((name) => ({
  router: name,
  switchMs: median(results[name].map((r) => r.switchMs)),
  callMs: median(results[name].map((r) => r.callMs)),
  lost: results[name].reduce((sum, r) => sum + r.lost, 0),
}));
const [haproxy, nginx] = rows as [(typeof rows)[number], (typeof rows)[number]];
// A switch under one request interval reads as 0: floor both at the resolution for the ratio.
const resolution = 1000 / rate;
const ratio = Number((Math.max(nginx.switchMs, resolution) / Math.max(haproxy.switchMs, resolution)).toPrecision(3));
console.log(
  markdownTable(
    ['router', 'switch to stable, median ms', 'setWeight(0) resolves, median ms', 'requests lost'],
    rows.map((r) => [r.router, String(r.switchMs), String(r.callMs), String(r.lost)]),
  ),
);
console.log(`\nHAProxy switches ${ratio}x as fast as nginx (resolution ${resolution} ms at ${rate} requests/s).`);
writeFileSync(
  RESULTS,
  `${JSON.stringify({ date: new Date().toISOString(), machine: host, command, runs, rate, results, rows, ratio }, null, 2)}\n`,
);

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
