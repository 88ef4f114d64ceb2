/**
 * Fingerprinting a source tree: ccm's `fingerprintSuite` against `@actions/glob`'s `hashFiles` (what
 * `${{ hashFiles(...) }}` and actions/cache keys rely on), over the same globs, in the same run.
 *
 *   node --import tsx bench/fingerprint.ts [--files 50000] [--runs 5] [--seed 1] [--node <binary>]
 *
 * The tree (default 50,000 files, about 500 MB) is written once to bench/data/ and reused. Each run is a
 * fresh process (cold: nothing memoised in the process; the OS page cache is warm for both sides after
 * generation and the first run), the two sides alternate, and the median is reported.
 * Writes Markdown to stdout and the numbers to bench/results/fingerprint.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Random } from './generate/random';
import { commandLine, defaultNode, machine, markdownTable, median, REPO_ROOT } from './machine';

const SELF = fileURLToPath(import.meta.url);
const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/fingerprint.json', import.meta.url));
/** The peer, a root devDependency; imported by path because the timed children run outside the package graph. */
const PEER_MODULE = join(REPO_ROOT, 'node_modules/@actions/glob/lib/glob.js');
const MB = 1024 * 1024;

/** Bumped whenever the tree generator's output changes, so a stale tree is rewritten. */
const GENERATOR_VERSION = 1;
/** Bytes per file on average: 50,000 files make about 500 MB, as the issue asks. */
const BYTES_PER_FILE = 10_000;

/** The suite's globs, as a user would write them in `inputs:` (and, rooted, in `hashFiles(...)`). */
const GLOBS = ['src/**', 'tests/**', 'services/**', 'cmd/**', 'assets/**', '*.json', '*.yaml', '!**/*.snap'];

type Side = 'ours' | 'peer';

// ---------------------------------------------------------------------------------------------------
// The tree

interface TreeMeta {
  generator: number;
  files: number;
  seed: number;
  bytes: number;
  /** Files the globs match (the generator's own count, which both sides must agree with). */
  matched: number;
  matchedBytes: number;
  /** One matched file, relative, for the sensitivity check. */
  probe: string;
}

interface Tree extends TreeMeta {
  root: string;
}

const AREAS = ['api', 'billing', 'auth', 'catalog', 'checkout', 'search', 'shared', 'admin', 'reports', 'jobs'];
const LAYERS = ['handlers', 'services', 'models', 'utils', 'middleware', 'adapters', 'views', 'schemas'];
const WORDS = ['invoice', 'session', 'token', 'user', 'order', 'cart', 'price', 'query', 'index', 'cache', 'client'];

/** Where the n-th file goes and how big it is: a realistic mix, most bytes in a few large files. */
interface Planned {
  path: string;
  size: number;
  binary: boolean;
  matched: boolean;
}

function plan(count: number, random: Random): Planned[] {
  const planned: Planned[] = [
    { path: 'package.json', size: 1_800, binary: false, matched: true },
    { path: 'pnpm-lock.yaml', size: 420_000, binary: false, matched: true },
    { path: 'go.mod', size: 900, binary: false, matched: false },
    { path: 'README.md', size: 6_000, binary: false, matched: false },
  ];
  let dirIndex = 0;
  let inDir = 0;
  let dir = '';
  while (planned.length < count) {
    if (inDir === 0) {
      dirIndex++;
      inDir = random.int(10, 80);
      const kind = random.next();
      const area = `${random.pick(AREAS)}${dirIndex}`;
      dir =
        kind < 0.55
          ? `src/${area}/${random.pick(LAYERS)}`
          : kind < 0.72
            ? `tests/${area}`
            : kind < 0.82
              ? `services/${area}/${random.pick(LAYERS)}`
              : kind < 0.92
                ? `cmd/${area}/internal/${random.pick(LAYERS)}`
                : kind < 0.97
                  ? `docs/${area}`
                  : `assets/${area}`;
    }
    inDir--;
    const name = `${random.pick(WORDS)}_${random.pick(WORDS)}${planned.length}`;
    const top = dir.slice(0, dir.indexOf('/'));
    if (top === 'assets') {
      // Images, fixtures, wasm: few files, most of the bytes (sized at the end).
      planned.push({
        path: `${dir}/${name}.${random.pick(['png', 'wasm', 'bin', 'gz'])}`,
        size: 0,
        binary: true,
        matched: true,
      });
      continue;
    }
    const extension =
      top === 'src'
        ? random.pick(['ts', 'ts', 'ts', 'tsx', 'js', 'json'])
        : top === 'tests'
          ? random.chance(0.15)
            ? 'snap'
            : 'test.ts'
          : top === 'services'
            ? 'py'
            : top === 'cmd'
              ? 'go'
              : 'md';
    const matched = extension !== 'snap' && extension !== 'md';
    planned.push({
      path: `${dir}/${name}.${extension}`,
      size: random.skewed(3_000, 0.9, 80, 256 * 1024),
      binary: false,
      matched,
    });
  }
  // The large files take what is left of the budget, in skewed shares.
  const target = count * BYTES_PER_FILE;
  const large = planned.filter((p) => p.binary);
  const small = planned.reduce((sum, p) => sum + p.size, 0);
  const shares = large.map(() => random.skewed(100, 1.3, 5, 20_000));
  const total = shares.reduce((a, b) => a + b, 0);
  const left = Math.max(large.length * 64 * 1024, target - small);
  large.forEach((file, i) => {
    file.size = Math.max(1024, Math.round((left * (shares[i] as number)) / total));
  });
  return planned;
}

/** Source-like text and random bytes to cut files from: cheap to write, distinct per file by their header. */
function pools(random: Random): { text: Buffer; binary: Buffer } {
  const lines: string[] = [];
  let length = 0;
  while (length < 4 * MB) {
    const word = random.pick(WORDS);
    const line = `${'  '.repeat(random.int(0, 4))}export function ${random.pick(['get', 'load', 'build'])}${word}${random.int(0, 9999)}(input: ${random.pick(['string', 'number', 'Order'])}) { return ${random.int(0, 1e6)}; }\n`;
    lines.push(line);
    length += line.length;
  }
  const binary = Buffer.alloc(4 * MB);
  for (let i = 0; i < binary.length; i += 4) binary.writeUInt32LE(Math.floor(random.next() * 2 ** 32), i);
  return { text: Buffer.from(lines.join(''), 'latin1'), binary };
}

function slice(pool: Buffer, offset: number, size: number): Buffer {
  if (size <= pool.length - offset) return pool.subarray(offset, offset + size);
  const parts: Buffer[] = [];
  let left = size;
  let at = offset;
  while (left > 0) {
    const take = Math.min(left, pool.length - at);
    parts.push(pool.subarray(at, at + take));
    left -= take;
    at = 0;
  }
  return Buffer.concat(parts, size);
}

/** The tree of that size and seed, written now unless an identical one is already on disk. */
function ensureTree(files: number, seed: number): Tree {
  const root = join(DATA_DIR, `fingerprint-${files}-seed${seed}`);
  const metaFile = `${root}.meta.json`;
  if (existsSync(metaFile) && existsSync(root)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as TreeMeta;
    if (meta.generator === GENERATOR_VERSION && meta.files === files && meta.seed === seed) return { ...meta, root };
  }
  console.error(`generating ${root} (${files} files, seed ${seed})...`);
  const started = performance.now();
  // Written under a temporary name: an interrupted run never leaves a tree that looks complete.
  const partial = `${root}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
  const random = new Random(seed);
  const planned = plan(files, random);
  const { text, binary } = pools(random);
  const made = new Set<string>();
  let bytes = 0;
  let matched = 0;
  let matchedBytes = 0;
  for (const file of planned) {
    const path = join(partial, file.path);
    const dir = path.slice(0, path.lastIndexOf('/'));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const header = Buffer.from(`// ${file.path}\n`, 'latin1');
    const body = slice(file.binary ? binary : text, random.int(0, 4 * MB - 1), Math.max(0, file.size - header.length));
    writeFileSync(path, file.binary ? Buffer.concat([header, body]) : Buffer.concat([header, body]));
    const size = header.length + body.length;
    bytes += size;
    if (file.matched) {
      matched++;
      matchedBytes += size;
    }
  }
  renameSync(partial, root);
  const probe = planned.find((p) => p.matched && p.path.startsWith('src/'))?.path ?? 'package.json';
  const meta: TreeMeta = { generator: GENERATOR_VERSION, files, seed, bytes, matched, matchedBytes, probe };
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  console.error(
    `  ${files} files, ${(bytes / MB).toFixed(0)} MiB (${matched} matched, ${(matchedBytes / MB).toFixed(0)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { ...meta, root };
}

// ---------------------------------------------------------------------------------------------------

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    node: { type: 'string' },
    'generate-only': { type: 'boolean', default: false },
    child: { type: 'string' },
    root: { type: 'string' },
  },
});

if (values.child) await child(values.child as Side, values.root as string);
else await main();

// ---------------------------------------------------------------------------------------------------
// One measurement, in its own process

interface Outcome {
  side: Side;
  ms: number;
  fingerprint: string;
}

async function child(side: Side, root: string): Promise<void> {
  let outcome: Outcome;
  if (side === 'ours') {
    const { fingerprintSuite } = await import('../packages/cache/src/test-results/fingerprint');
    const started = performance.now();
    const manifest = await fingerprintSuite({ suite: 'bench', root, inputs: GLOBS, env: [], command: 'npm test' });
    outcome = { side, ms: performance.now() - started, fingerprint: manifest.fingerprint };
  } else {
    const peer = await loadPeer();
    const started = performance.now();
    const hash = await peer.hashFiles(peerPatterns(root), root);
    outcome = { side, ms: performance.now() - started, fingerprint: hash };
  }
  process.send?.(outcome);
}

interface Peer {
  hashFiles(patterns: string, currentWorkspace?: string): Promise<string>;
  create(patterns: string): Promise<{ glob(): Promise<string[]> }>;
}

async function loadPeer(): Promise<Peer> {
  return (await import(pathToFileURL(PEER_MODULE).href)) as Peer;
}

/** The same globs as `hashFiles(...)` takes them: one per line, rooted (relative ones resolve from the cwd). */
function peerPatterns(root: string): string {
  return GLOBS.map((glob) => (glob.startsWith('!') ? `!${root}/${glob.slice(1)}` : `${root}/${glob}`)).join('\n');
}

/**
 * Runs one side in a fresh process. Its stdout goes to /dev/null: the peer writes a `::debug::` line
 * per file through @actions/core, and the cheapest sink is the fairest to it.
 */
function runChild(side: Side, root: string, node: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const proc = spawn(node, ['--import', 'tsx', SELF, '--child', side, '--root', root], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let outcome: Outcome | undefined;
    proc.on('message', (message) => {
      outcome = message as Outcome;
    });
    proc.on('error', reject);
    proc.on('exit', (code) =>
      outcome ? resolve(outcome) : reject(new Error(`${side} child exited with code ${code} and no result`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// The run

interface SideResult {
  name: string;
  runs: number[];
  ms: number;
  filesPerSecond: number;
  mbPerSecond: number;
  fingerprint: string;
}

async function main(): Promise<void> {
  const files = Number(values.files);
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const tree = ensureTree(files, seed);
  if (values['generate-only']) return;
  const node = values.node ?? defaultNode();
  const args = [
    ...(files !== 50_000 ? ['--files', String(files)] : []),
    ...(runs !== 5 ? ['--runs', String(runs)] : []),
    ...(seed !== 1 ? ['--seed', String(seed)] : []),
    ...(values.node ? ['--node', values.node] : []),
  ];
  const command = commandLine('bench/fingerprint.ts', args);
  const host = machine(node);
  console.error(
    `${command}\n${host.cpu} x${host.cores}, ${host.memoryGB} GB, ${host.os}, children on Node ${host.node}`,
  );

  const matches = await sameFiles(tree);
  console.error(`matched files: ${matches.check}`);

  const times: Record<Side, number[]> = { ours: [], peer: [] };
  const prints: Record<Side, Set<string>> = { ours: new Set(), peer: new Set() };
  // Alternating, so drift of a shared machine touches both sides alike.
  for (let run = 0; run < runs; run++) {
    for (const side of ['ours', 'peer'] as const) {
      const outcome = await runChild(side, tree.root, node);
      times[side].push(Math.round(outcome.ms));
      prints[side].add(outcome.fingerprint);
      console.error(
        `  ${side} run ${run + 1}/${runs}: ${outcome.ms.toFixed(0)} ms ${outcome.fingerprint.slice(0, 20)}`,
      );
    }
  }
  const deterministic = prints.ours.size === 1 && prints.peer.size === 1;
  const sensitivity = await changeOneByte(tree, node, {
    ours: [...prints.ours][0] as string,
    peer: [...prints.peer][0] as string,
  });
  console.error(`sensitivity: ${sensitivity.check}`);

  const result = (side: Side, name: string): SideResult => {
    const ms = median(times[side]);
    return {
      name,
      runs: times[side],
      ms,
      filesPerSecond: Math.round(tree.matched / (ms / 1000)),
      mbPerSecond: round(tree.matchedBytes / MB / (ms / 1000)),
      fingerprint: [...prints[side]].join(', '),
    };
  };
  const ours = result('ours', 'ccm fingerprintSuite (globs, worker-thread hashing, runtime probes, manifest)');
  const peer = result('peer', '@actions/glob 0.7.0 hashFiles');
  const ratio = round(peer.ms / ours.ms);
  const entry = {
    date: new Date().toISOString(),
    machine: host,
    command,
    tree: { files: tree.files, bytes: tree.bytes, matched: tree.matched, matchedBytes: tree.matchedBytes, seed },
    globs: GLOBS,
    runs,
    ours,
    peer,
    ratio,
    deterministic,
    sameFiles: matches,
    sensitivity,
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(entry, null, 2)}\n`);
  console.error(`wrote ${RESULTS}`);

  console.log(
    `\n### Fingerprint of ${tree.matched.toLocaleString('en')} files (${(tree.matchedBytes / MB).toFixed(0)} MiB): ${ours.name} vs ${peer.name}\n`,
  );
  console.log(
    markdownTable(
      ['side', 'median ms', 'runs (ms)', 'files/s', 'MiB/s', 'ratio'],
      [ours, peer].map((side) => [
        side.name,
        String(Math.round(side.ms)),
        side.runs.join(', '),
        side.filesPerSecond.toLocaleString('en'),
        String(side.mbPerSecond),
        side === ours ? `${ratio}x` : '1x',
      ]),
    ),
  );
  console.log(`\nSame files: ${matches.check}. Same fingerprint on every run: ${deterministic ? 'yes' : 'NO'}.`);
  console.log(`Sensitivity: ${sensitivity.check}.`);
  console.log(
    `\nReproduce: \`${command}\` (children on Node ${host.node}, load average ${host.loadAverage.join(' ')})`,
  );
  if (!deterministic || !matches.agree || !sensitivity.agree) process.exitCode = 1;
}

/** Both sides must hash the same set of files, the one the generator meant; checked outside the clock. */
async function sameFiles(
  tree: Tree,
): Promise<{ ours: number; peer: number; generator: number; agree: boolean; check: string }> {
  const { expandGlobs } = await import('../packages/toolkit/src/globs');
  const ours = await expandGlobs(GLOBS, { root: tree.root });
  const peer = await loadPeer();
  // The peer logs `::debug::` lines to stdout; here they would land in the Markdown.
  const write = process.stdout.write;
  process.stdout.write = () => true;
  const found = await (await peer.create(peerPatterns(tree.root))).glob().finally(() => {
    process.stdout.write = write;
  });
  const peerFiles = found.filter((file) => statSync(file).isFile()).map((file) => file.split(sep).join('/'));
  const agree =
    ours.length === tree.matched &&
    peerFiles.length === tree.matched &&
    new Set([...ours, ...peerFiles]).size === tree.matched;
  return {
    ours: ours.length,
    peer: peerFiles.length,
    generator: tree.matched,
    agree,
    check: `generator ${tree.matched}, ours ${ours.length}, peer ${peerFiles.length}${agree ? ', the same paths' : ', DIFFERENT'}`,
  };
}

/** Flips one byte of one matched file: both fingerprints must change. The byte is put back after. */
async function changeOneByte(
  tree: Tree,
  node: string,
  before: Record<Side, string>,
): Promise<{ file: string; ours: boolean; peer: boolean; agree: boolean; check: string }> {
  const file = join(tree.root, tree.probe);
  const original = readFileSync(file);
  const changed = Buffer.from(original);
  const at = Math.floor(changed.length / 2);
  changed[at] = (changed[at] as number) ^ 1;
  writeFileSync(file, changed);
  try {
    const ours = (await runChild('ours', tree.root, node)).fingerprint !== before.ours;
    const peer = (await runChild('peer', tree.root, node)).fingerprint !== before.peer;
    const answer = (changedPrint: boolean) => (changedPrint ? 'changed' : 'DID NOT CHANGE');
    return {
      file: tree.probe,
      ours,
      peer,
      agree: ours && peer,
      check: `one byte of ${tree.probe} flipped: ours ${answer(ours)}, peer ${answer(peer)}`,
    };
  } finally {
    writeFileSync(file, original);
  }
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}
