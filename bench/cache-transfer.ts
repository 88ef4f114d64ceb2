import { createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// @actions/cache is a dependency of test/, not of the workspace root: load it from there.
import * as cache from '../test/node_modules/@actions/cache/lib/cache.js';
import { type CacheService, startCacheService } from '../test/support/cache-service';
import { countTree, ensureTree, type TreeMeta } from './generate/cache-tree';
import { commandLine, type Machine, machine, markdownTable, median, pipeline } from './machine';

const RESULTS = fileURLToPath(new URL('./results/cache-transfer.json', import.meta.url));
const MB = 1024 * 1024;
const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '1000' },
    runs: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const sizeMB = Number(values.mb);
const seed = Number(values.seed);
if (!Number.isInteger(sizeMB) || sizeMB < 1) throw new Error(`--mb must be a whole number of MiB, got ${values.mb}`);
const runs = values.runs ? Number(values.runs) : sizeMB >= 1000 ? 1 : 3;
const args = [
  ...(values.mb !== '1000' ? ['--mb', String(sizeMB)] : []),
  ...(values.runs ? ['--runs', String(runs)] : []),
  ...(values.seed !== '1' ? ['--seed', String(seed)] : []),
];
const command = commandLine('bench/cache-transfer.ts', args);

type Operation = 'save' | 'restore';
type Side = 'ours' | 'peer';

interface SideResult {
  name: string;
  /** Wall times in ms, one per run. */
  runs: number[];
  ms: number;
  /** Tree size (uncompressed) / wall time, in MiB/s. */
  mbPerSecond: number;
  archiveBytes?: number;
}

interface Entry {
  operation: Operation;
  ours: SideResult;
  peer: SideResult;
  /** ours / peer throughput: below 1 is the cost of the service, HTTP and the blob store. */
  ratio: number;
  /**
   * Restore only: a plain Node fetch of the same archive from Azurite, timed apart, to tell the HTTP
   * transfer from the extraction inside the client's restore. MB/s of the archive, not of the tree.
   */
  download?: { runs: number[]; ms: number; archiveMBPerSecond: number };
}

interface ResultsFile {
  date: string;
  machine: Machine;
  command: string;
  tree: TreeMeta;
  runs: number;
  entries: Entry[];
  check: string;
}

const NAMES: Record<Operation, Record<Side, string>> = {
  save: {
    ours: '@actions/cache saveCache (tar + zstdmt, Twirp reserve, Azure SDK upload to Azurite, finalize)',
    peer: 'tar -cf - | zstd -T0 to a local file',
  },
  restore: {
    ours: '@actions/cache restoreCache (Twirp lookup, HTTP GET from Azurite, tar -x with unzstd)',
    peer: 'zstd -d -c | tar -xf - from a local file',
  },
};

const host = machine(process.execPath);
const date = new Date().toISOString();
console.error(`${command}\n${host.cpu} x${host.cores}, ${host.memoryGB} GB, ${host.os}, Node ${host.node}`);

const tree = ensureTree(sizeMB, seed);
console.error(`tree: ${tree.files} files in ${tree.packages} packages, ${(tree.bytes / MB).toFixed(0)} MiB`);
const scratch = await mkdtemp(join(tmpdir(), 'ccm-bench-cache-'));
const service = await startCacheService();
const times: Record<Operation, Record<Side, number[]>> = {
  save: { ours: [], peer: [] },
  restore: { ours: [], peer: [] },
};
const archives: Record<Side, number> = { ours: 0, peer: 0 };
const downloads: number[] = [];
const checks: string[] = [];
// Ctrl-C must not leave Azurite running or gigabytes in the temporary folder.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    console.error(`${signal}: cleaning up`);
    void service
      .stop()
      .then(() => rm(scratch, { recursive: true, force: true }))
      .finally(() => process.exit(130));
  });
try {
  // Untimed: read the whole tree once, so the first timed step does not pay for a cold page cache alone.
  await savePeer(join(scratch, 'peer.tzst'));
  // Interleaved, so drift of the machine over the run touches both sides alike.
  for (let run = 1; run <= runs; run++) {
    const key = `bench-${sizeMB}mb-seed${seed}-run${run}`;
    await measure('save', 'ours', run, () => saveOurs(service, key));
    await measure('save', 'peer', run, () => savePeer(join(scratch, 'peer.tzst')));
    const oursOut = join(scratch, `ours-${run}`);
    const peerOut = join(scratch, `peer-${run}`);
    await measure('restore', 'ours', run, () => restoreOurs(service, key, oursOut));
    downloads.push(await downloadOnly(service, key, join(scratch, 'download.tzst')));
    await measure('restore', 'peer', run, () => restorePeer(join(scratch, 'peer.tzst'), peerOut));
    // Not timed: both restores must give back the whole tree, or the numbers mean nothing.
    for (const [side, out] of [
      ['ours', oursOut],
      ['peer', peerOut],
    ] as const) {
      const found = await countTree(join(out, 'node_modules'));
      const ok = found.files === tree.files && found.bytes === tree.bytes;
      checks.push(`run ${run} ${side}: ${found.files} files, ${found.bytes} bytes ${ok ? 'match' : 'DO NOT MATCH'}`);
      if (!ok) process.exitCode = 1;
      await rm(out, { recursive: true, force: true });
    }
  }
} finally {
  await service.stop();
  await rm(scratch, { recursive: true, force: true });
}

const entries = (['save', 'restore'] as const).map((operation): Entry => {
  const side = (name: Side): SideResult => {
    const ms = median(times[operation][name]);
    return {
      name: NAMES[operation][name],
      runs: times[operation][name],
      ms,
      mbPerSecond: round(tree.bytes / MB / (ms / 1000)),
      ...(operation === 'save' ? { archiveBytes: archives[name] } : {}),
    };
  };
  const ours = side('ours');
  const peer = side('peer');
  const entry: Entry = { operation, ours, peer, ratio: round(ours.mbPerSecond / peer.mbPerSecond) };
  if (operation === 'restore') {
    const ms = median(downloads);
    entry.download = { runs: downloads, ms, archiveMBPerSecond: round(archives.ours / MB / (ms / 1000)) };
  }
  return entry;
});
printTable(entries);
const results: ResultsFile = {
  date,
  machine: host,
  command,
  tree,
  runs,
  entries,
  check: checks.join('; '),
};
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.error(`wrote ${RESULTS}`);

async function measure(operation: Operation, side: Side, run: number, fn: () => Promise<void>): Promise<void> {
  const start = process.hrtime.bigint();
  await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  times[operation][side].push(Math.round(ms));
  console.error(`  ${operation} ${side} run ${run}/${runs}: ${ms.toFixed(0)} ms`);
}

/** The variables a runner step sees, for one @actions/cache call; the client reads them at call time. */
async function withRunnerEnv<T>(
  env: Record<string, string>,
  fn: () => Promise<T>,
): Promise<{ result: T; log: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  // @actions/core logs to stdout, where this script writes its table: keep the log for errors instead.
  const write = process.stdout.write.bind(process.stdout);
  let log = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    log += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { result: await fn(), log };
  } finally {
    process.stdout.write = write;
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

async function saveOurs(service: CacheService, key: string): Promise<void> {
  const temp = join(scratch, 'runner-temp');
  mkdirSync(temp, { recursive: true });
  const { result, log } = await withRunnerEnv({ ...service.env, GITHUB_WORKSPACE: tree.dir, RUNNER_TEMP: temp }, () =>
    cache.saveCache([join(tree.dir, 'node_modules')], key),
  );
  if (result <= 0) throw new Error(`saveCache failed:\n${log}`);
  archives.ours = service.entries().find((e) => e.key === key)?.sizeBytes ?? 0;
}

async function restoreOurs(service: CacheService, key: string, out: string): Promise<void> {
  const temp = join(scratch, 'runner-temp');
  mkdirSync(out, { recursive: true });
  // The same paths as the save (they make the version); another workspace, so the tree lands in `out`.
  const { result, log } = await withRunnerEnv({ ...service.env, GITHUB_WORKSPACE: out, RUNNER_TEMP: temp }, () =>
    cache.restoreCache([join(tree.dir, 'node_modules')], key),
  );
  if (result !== key) throw new Error(`restoreCache missed ${key}:\n${log}`);
}

/** The archive's signed URL from the service (as the client asks for it), then one GET of it into a file. */
async function downloadOnly(service: CacheService, key: string, file: string): Promise<number> {
  const version = service.entries().find((e) => e.key === key)?.version;
  if (!version) throw new Error(`no cache entry ${key}`);
  const answer = await fetch(
    `${service.env.ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${service.env.ACTIONS_RUNTIME_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key, version }),
    },
  );
  const { signed_download_url: url } = (await answer.json()) as { signed_download_url: string };
  const start = process.hrtime.bigint();
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`GET of the archive answered ${response.status}`);
  await streamPipeline(Readable.fromWeb(response.body), createWriteStream(file));
  const ms = Math.round(Number(process.hrtime.bigint() - start) / 1e6);
  console.error(`  download only (Node fetch from Azurite): ${ms} ms`);
  await rm(file);
  return ms;
}

async function savePeer(archive: string): Promise<void> {
  await pipeline(['tar', ['-cf', '-', '-C', tree.dir, 'node_modules']], ['zstd', ['-T0', '-q', '-f', '-o', archive]]);
  archives.peer = statSync(archive).size;
}

async function restorePeer(archive: string, out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  await pipeline(['zstd', ['-d', '-q', '-c', archive]], ['tar', ['-xf', '-', '-C', out]]);
}

function printTable(results: Entry[]): void {
  console.log(`\n### Cache save and restore: @actions/cache through the service double and Azurite vs tar + zstd\n`);
  console.log(
    `Tree: ${tree.files} files in ${tree.packages} packages, ${(tree.bytes / MB).toFixed(0)} MiB; ` +
      `archive ${(archives.ours / MB).toFixed(0)} MiB (ours), ${(archives.peer / MB).toFixed(0)} MiB (peer). ` +
      `Median of ${runs} run(s).\n`,
  );
  console.log(
    markdownTable(
      ['operation', 'ours MB/s', 'peer MB/s', 'ratio (ours/peer)', 'ours ms', 'peer ms'],
      results.map((e) => [
        e.operation,
        String(e.ours.mbPerSecond),
        String(e.peer.mbPerSecond),
        `${e.ratio}x`,
        String(e.ours.ms),
        String(e.peer.ms),
      ]),
    ),
  );
  const download = results.find((e) => e.download)?.download;
  if (download)
    console.log(
      `\nWithin the restore, a plain GET of the ${(archives.ours / MB).toFixed(0)} MiB archive from Azurite takes ${download.ms} ms (${download.archiveMBPerSecond} MiB/s of archive); the rest is the client's extraction and its two RPC round trips.`,
    );
  console.log(`\nChecks:\n${checks.map((c) => `- ${c}`).join('\n')}`);
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}
