/**
 * Save and restore throughput of the real @actions/cache client (v2 Twirp service) through the cache
 * service double in test/support/cache-service.ts and a real Azurite, against plain
 * `tar -c | zstd -T0` and `zstd -d | tar -x` of the same tree in the same run: the local limit,
 * with no service, no HTTP and no blob store.
 *
 *   node --import tsx bench/cache-transfer.ts [--mb 1000] [--runs N] [--seed 1]
 *
 * The tree (a node_modules-like folder, see generateTree) is written once to bench/data/. Writes a
 * Markdown table to stdout and the numbers to bench/results/cache-transfer.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// @actions/cache is a dependency of test/, not of the workspace root: load it from there.
import * as cache from '../test/node_modules/@actions/cache/lib/cache.js';
import { type CacheService, startCacheService } from '../test/support/cache-service';
import { Random } from './generate/random';
import { commandLine, type Machine, machine, markdownTable, median } from './machine';

const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/cache-transfer.json', import.meta.url));
const MB = 1024 * 1024;
/** Bump when the tree generator changes, so an old tree is rewritten. */
const GENERATOR_VERSION = 2;

// The vocabulary of the generated tree (generateTree, at the end).
const WORDS =
  'array buffer cache client color config core debug event fetch format glob hash http json lodash merge mime parse path promise query react schema semver stream string style tar test type util uuid value watch yaml'.split(
    ' ',
  );
const VERBS = ['get', 'set', 'make', 'parse', 'read', 'write', 'resolve', 'create', 'handle', 'to', 'is', 'normalize'];
const LICENSE = `MIT License\n\nCopyright (c) contributors\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.\n`;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

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

/** `a | b` without a shell: both must exit 0. */
async function pipeline(...[first, second]: [[string, string[]], [string, string[]]]): Promise<void> {
  const a = spawn(first[0], first[1], { stdio: ['ignore', 'pipe', 'inherit'] });
  const b = spawn(second[0], second[1], { stdio: ['pipe', 'ignore', 'inherit'] });
  a.stdout.pipe(b.stdin);
  const exit = (child: ChildProcess, name: string) =>
    new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}`))));
    });
  await Promise.all([exit(a, first[0]), exit(b, second[0])]);
}

async function countTree(folder: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  if (!existsSync(folder)) return { files, bytes };
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
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

// --- The tree -------------------------------------------------------------------------------------

interface TreeMeta {
  dir: string;
  generator: number;
  seed: number;
  sizeMB: number;
  packages: number;
  files: number;
  bytes: number;
}

/** The tree for this size and seed, written once; reused while its .meta.json matches. */
function ensureTree(mb: number, treeSeed: number): TreeMeta {
  const dir = join(DATA, `cache-tree-${mb}mb-seed${treeSeed}`);
  const metaFile = `${dir}.meta.json`;
  if (existsSync(metaFile) && existsSync(dir)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as TreeMeta;
    if (meta.generator === GENERATOR_VERSION && meta.seed === treeSeed && meta.sizeMB === mb) return { ...meta, dir };
  }
  rmSync(dir, { recursive: true, force: true });
  console.error(`writing ${dir} (once)`);
  const counts = generateTree(join(dir, 'node_modules'), mb * MB, new Random(treeSeed));
  const meta: TreeMeta = { dir, generator: GENERATOR_VERSION, seed: treeSeed, sizeMB: mb, ...counts };
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

/**
 * A node_modules-like tree of about `targetBytes`: packages (a fifth scoped, a tenth nested under
 * another package's node_modules) holding package.json, README.md, LICENSE, CommonJS sources of
 * skewed sizes, some .d.ts and source maps, and now and then a prebuilt native binary (random bytes,
 * incompressible), so the archive compresses about as a real one does.
 */
function generateTree(root: string, targetBytes: number, random: Random) {
  const madeDirs = new Set<string>();
  let bytes = 0;
  let files = 0;
  let packages = 0;
  const write = (path: string, content: string | Buffer) => {
    const folder = dirname(path);
    if (!madeDirs.has(folder)) {
      mkdirSync(folder, { recursive: true });
      madeDirs.add(folder);
    }
    writeFileSync(path, content);
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    files += 1;
  };
  const word = () => random.pick(WORDS);
  const ident = () => `${random.pick(VERBS)}${capitalize(word())}${random.chance(0.3) ? random.int(1, 99) : ''}`;
  const jsLine = (): string => {
    switch (random.int(0, 7)) {
      case 0:
        return `function ${ident()}(${word()}, ${word()}Options) {`;
      case 1:
        return `  const ${word()}${random.int(0, 9)} = ${word()}.${ident()}(${random.int(0, 4096)});`;
      case 2:
        return `  if (${word()} === undefined || ${word()}.length > ${random.int(1, 64)}) return ${word()};`;
      case 3:
        return `  return ${word()}.map((item) => ${ident()}(item, ${JSON.stringify(word())}));`;
      case 4:
        return '}';
      case 5:
        return `exports.${ident()} = ${ident()};`;
      case 6:
        return `// ${word()} ${word()} ${word()}: ${word()} the ${word()} before ${word()}`;
      default:
        return `  '${word()}-${random.int(0, 999)}': ${random.int(0, 1 << 20)},`;
    }
  };
  const text = (size: number, line: () => string) => {
    const lines: string[] = [];
    let length = 0;
    while (length < size) {
      const next = line();
      lines.push(next);
      length += next.length + 1;
    }
    return `${lines.join('\n')}\n`;
  };
  // Mappings repeat a few short segments, as real ones do ("AAAA,SAAS,CAAC"), with some noise between.
  const segments = Array.from({ length: 48 }, () =>
    Array.from({ length: 4 }, (_, i) => (i === 1 || i === 2 ? 'A' : BASE64[random.int(0, 15)])).join(''),
  );
  const sourceMap = (size: number) => {
    const parts: string[] = [];
    let length = 0;
    while (length < size) {
      const part = random.chance(0.7)
        ? random.pick(segments)
        : `${BASE64[random.int(0, 63)]}${BASE64[random.int(0, 63)]}AB`;
      parts.push(part, random.chance(0.15) ? ';' : ',');
      length += part.length + 1;
    }
    return JSON.stringify({
      version: 3,
      sources: [`../src/${word()}.ts`],
      names: [word(), word()],
      mappings: parts.join(''),
    });
  };
  const binary = (size: number) => {
    const buffer = Buffer.allocUnsafe(size);
    for (let i = 0; i + 4 <= size; i += 4) buffer.writeUInt32LE(Math.floor(random.next() * 2 ** 32), i);
    return buffer;
  };

  const packageDirs: string[] = [];
  while (bytes < targetBytes) {
    const index = packages++;
    const name = random.chance(0.2) ? `@${word()}/${word()}-${index}` : `${word()}-${word()}-${index}`;
    const parent = random.chance(0.1) && packageDirs.length > 0 ? join(random.pick(packageDirs), 'node_modules') : root;
    const dir = join(parent, name);
    packageDirs.push(dir);
    write(
      join(dir, 'package.json'),
      `${JSON.stringify(
        {
          name,
          version: `${random.int(0, 9)}.${random.int(0, 30)}.${random.int(0, 99)}`,
          description: `${capitalize(word())} ${word()} for ${word()}`,
          main: 'lib/index.js',
          types: 'types/index.d.ts',
          license: 'MIT',
          dependencies: Object.fromEntries(
            Array.from({ length: random.int(0, 6) }, () => [`${word()}-${word()}`, `^${random.int(1, 9)}.0.0`]),
          ),
        },
        null,
        2,
      )}\n`,
    );
    write(join(dir, 'LICENSE'), LICENSE);
    write(
      join(dir, 'README.md'),
      text(random.skewed(2500, 1, 200, 60_000), () => `${word()} ${word()} ${word()}.`),
    );
    const sources = random.skewed(6, 1.1, 1, 400);
    for (let i = 0; i < sources; i++) {
      const file = i === 0 ? 'index' : `${word()}-${i}`;
      const folder = i > 20 ? `lib/${word()}` : 'lib';
      write(join(dir, folder, `${file}.js`), text(random.skewed(1800, 1.3, 40, 800_000), jsLine));
      if (random.chance(0.3))
        write(join(dir, 'types', `${file}.d.ts`), text(random.skewed(600, 1, 40, 50_000), jsLine));
      if (random.chance(0.15))
        write(join(dir, folder, `${file}.js.map`), sourceMap(random.skewed(3000, 1.2, 100, 2_000_000)));
    }
    if (random.chance(0.008))
      write(
        join(dir, 'prebuilds', 'linux-x64', `${word()}.node`),
        binary(random.skewed(400_000, 1, 20_000, 30_000_000)),
      );
  }
  return { packages, files, bytes };
}

function capitalize(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}
