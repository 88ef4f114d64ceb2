/**
 * Parse throughput and peak memory of our parsers against a named peer, each measurement in its own
 * process, on synthetic reports of 10 MB / 100 MB / 1 GB (see data.ts).
 *
 *   node --import tsx bench/parse.ts [--sizes 10,100] [--formats lcov,cobertura,sarif] [--node <binary>]
 *
 * Writes Markdown tables to stdout and the numbers to bench/results/parse.json.
 */
import { constants } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchFormat, type Dataset, ensureDataset, parseSelection, type Truth } from './data';
import { commandLine, defaultNode, type Machine, machine, markdownTable, median, REPO_ROOT } from './machine';
import type { ChildOutcome, Counts } from './parse-child';

const CHILD = fileURLToPath(new URL('./parse-child.ts', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/parse.json', import.meta.url));
const MB = 1024 * 1024;
const HEAP_MB = 8192;

const fxpVersion = (
  JSON.parse(readFileSync(`${REPO_ROOT}node_modules/fast-xml-parser/package.json`, 'utf8')) as { version: string }
).version;

const OURS: Record<BenchFormat, string> = {
  lcov: 'ccm loadCoverage (lcov, streamed by line)',
  cobertura: 'ccm loadCoverage (Cobertura, saxes stream)',
  sarif: 'ccm loadSecurity (SARIF)',
};
const PEERS: Record<BenchFormat, string> = {
  lcov: 'lcov-parse 1.0.0',
  cobertura: `fast-xml-parser ${fxpVersion} XMLParser (DOM) + walk`,
  sarif: 'JSON.parse (codeql-action upload-sarif)',
};

type Side = 'ours' | 'peer';

interface SideResult {
  name: string;
  runs: number[];
  ms?: number;
  mbPerSecond?: number;
  peakRssMB?: number;
  counts?: Counts;
  failed?: string;
}

interface Entry {
  format: BenchFormat;
  sizeMB: number;
  bytes: number;
  seed: number;
  truth: Truth;
  ours: SideResult;
  peer: SideResult;
  ratio?: number;
  check: string;
  agree: boolean;
  measuredAt: string;
  command: string;
}

interface ResultsFile {
  date: string;
  machine: Machine;
  heapLimitMB: number;
  /** Peak RSS of a child that parses nothing (Node + the tsx loader): the floor under every number. */
  baselineRssMB?: number;
  entries: Entry[];
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    formats: { type: 'string' },
    node: { type: 'string' },
    seed: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '1800' },
  },
});
const { sizes, formats } = parseSelection(values.sizes, values.formats);
const node = values.node ?? defaultNode();
const timeoutMs = Number(values.timeout) * 1000;
const args = [
  ...(values.sizes ? ['--sizes', values.sizes] : []),
  ...(values.formats ? ['--formats', values.formats] : []),
  ...(values.node ? ['--node', values.node] : []),
  ...(values.seed !== '1' ? ['--seed', values.seed] : []),
];
const command = commandLine('bench/parse.ts', args);
const host = machine(node);
const date = new Date().toISOString();
console.error(`${command}\n${host.cpu} x${host.cores}, ${host.memoryGB} GB, ${host.os}, children on Node ${host.node}`);

const baseline = await runChild({ format: 'lcov', file: CHILD }, 'baseline');
const baselineRssMB = baseline.ok ? Math.round(baseline.maxRssKB / 1024) : undefined;
console.error(`baseline child (Node + tsx, parses nothing): ${baselineRssMB} MB RSS`);

const entries: Entry[] = [];
for (const format of formats) {
  for (const sizeMB of sizes) {
    const dataset = ensureDataset(format, sizeMB, Number(values.seed));
    entries.push(await measure(dataset));
  }
}
for (const format of formats)
  printTable(
    format,
    entries.filter((e) => e.format === format),
  );
saveResults(entries);
if (entries.some((e) => !e.agree)) process.exitCode = 1;

async function measure(dataset: Dataset): Promise<Entry> {
  const runs = dataset.sizeMB >= 1000 ? 1 : 3;
  const sides: Record<Side, SideResult> = {
    ours: { name: OURS[dataset.format], runs: [] },
    peer: { name: PEERS[dataset.format], runs: [] },
  };
  const rss: Record<Side, number[]> = { ours: [], peer: [] };
  // Interleaved, so drift of the machine over the run touches both sides alike.
  for (let run = 0; run < runs; run++) {
    for (const side of ['ours', 'peer'] as const) {
      const result = sides[side];
      if (result.failed) continue; // a crash repeats: once is the answer
      const outcome = await runChild(dataset, side);
      console.error(
        `  ${dataset.format} ${dataset.sizeMB} MB ${side} run ${run + 1}/${runs}: ${outcome.ok ? `${outcome.ms.toFixed(0)} ms, ${(outcome.maxRssKB / 1024).toFixed(0)} MB RSS` : `failed: ${outcome.reason}`}`,
      );
      if (!outcome.ok) {
        result.failed = outcome.reason + stringLimitNote(dataset.bytes);
        continue;
      }
      result.runs.push(Math.round(outcome.ms));
      rss[side].push(outcome.maxRssKB / 1024);
      result.counts = outcome.counts;
    }
  }
  for (const side of ['ours', 'peer'] as const) {
    const result = sides[side];
    if (result.failed) {
      delete result.counts;
      continue;
    }
    result.ms = median(result.runs);
    result.mbPerSecond = round(dataset.bytes / MB / (result.ms / 1000));
    // The worst run: a peak is a peak.
    result.peakRssMB = Math.round(Math.max(...rss[side]));
  }
  const { check, agree } = checkCounts(dataset, sides);
  console.error(`  check: ${check}`);
  const entry: Entry = {
    format: dataset.format,
    sizeMB: dataset.sizeMB,
    bytes: dataset.bytes,
    seed: dataset.seed,
    truth: dataset.truth,
    ours: sides.ours,
    peer: sides.peer,
    check,
    agree,
    measuredAt: date,
    command,
  };
  if (sides.ours.mbPerSecond && sides.peer.mbPerSecond)
    entry.ratio = round(sides.ours.mbPerSecond / sides.peer.mbPerSecond);
  return entry;
}

/** Both sides must report what the generator wrote; a benchmark of a wrong answer is meaningless. */
function checkCounts(dataset: Dataset, sides: Record<Side, SideResult>): { check: string; agree: boolean } {
  const keys = Object.keys(dataset.truth) as (keyof Truth)[];
  const show = (counts: Counts) => keys.map((k) => `${k}=${counts[k]}`).join(' ');
  const same = (counts: Counts) => keys.every((k) => counts[k] === dataset.truth[k]);
  const parts = [`generator ${show(dataset.truth)}`];
  let agree = true;
  for (const side of ['ours', 'peer'] as const) {
    const { counts, failed } = sides[side];
    if (failed || !counts) {
      parts.push(`${side}: not checked (failed)`);
      continue;
    }
    const ok = same(counts);
    agree &&= ok;
    parts.push(ok ? `${side} agrees` : `${side} DISAGREES (${show(counts)})`);
  }
  return { check: parts.join('; '), agree };
}

function runChild(dataset: Pick<Dataset, 'format' | 'file'>, side: Side | 'baseline'): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(
      node,
      [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', CHILD, dataset.format, side, dataset.file],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-20_000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1);
      if (last?.startsWith('{')) return resolve(JSON.parse(last) as ChildOutcome);
      if (timedOut) return resolve({ ok: false, reason: `timeout after ${timeoutMs / 1000} s` });
      resolve({ ok: false, reason: crashReason(stderr, code, signal) });
    });
  });
}

/** What killed a child that printed nothing: V8's fatal line when there is one. */
function crashReason(stderr: string, code: number | null, signal: NodeJS.Signals | null): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  const fatal = lines.find((l) => l.startsWith('FATAL ERROR:')) ?? lines.filter(Boolean).at(-1) ?? 'no output';
  return `${fatal} (${signal ? `signal ${signal}` : `exit code ${code}`})`;
}

function printTable(format: BenchFormat, rows: readonly Entry[]): void {
  if (rows.length === 0) return;
  const speed = (side: SideResult) => (side.failed ? `failed: ${side.failed}` : `${side.mbPerSecond}`);
  const memory = (side: SideResult) => (side.failed ? '-' : `${side.peakRssMB} MB`);
  console.log(`\n### ${format}: ${OURS[format]} vs ${PEERS[format]}\n`);
  console.log(
    markdownTable(
      ['size', 'ours MB/s', 'peer MB/s', 'ratio (ours/peer)', 'ours peak RSS', 'peer peak RSS', 'same answer'],
      rows.map((e) => [
        `${e.sizeMB} MB`,
        speed(e.ours),
        speed(e.peer),
        e.ratio === undefined ? '-' : `${e.ratio}x`,
        memory(e.ours),
        memory(e.peer),
        e.agree ? (e.peer.failed || e.ours.failed ? 'n/a' : 'yes') : 'NO',
      ]),
    ),
  );
  console.log(`\nChecks:\n${rows.map((e) => `- ${e.sizeMB} MB: ${e.check}`).join('\n')}`);
  console.log(
    `\nReproduce: \`${command}\` (children on Node ${host.node}, --max-old-space-size=${HEAP_MB}; a child that parses nothing peaks at ${baselineRssMB} MB RSS)`,
  );
}

/** Merged into the committed file: a run of one format keeps the others' last numbers. */
function saveResults(fresh: readonly Entry[]): void {
  const previous: Entry[] = existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as ResultsFile).entries
    : [];
  const key = (e: Entry) => `${e.format}/${e.sizeMB}`;
  const replaced = new Set(fresh.map(key));
  const merged = [...previous.filter((e) => !replaced.has(key(e))), ...fresh].sort(
    (a, b) => a.format.localeCompare(b.format) || a.sizeMB - b.sizeMB,
  );
  const file: ResultsFile = { date, machine: host, heapLimitMB: HEAP_MB, baselineRssMB, entries: merged };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(file, null, 2)}\n`);
  console.error(`\nwrote ${RESULTS}`);
}

/** Why a whole-file reader cannot work on this file, whatever error it surfaces. */
function stringLimitNote(bytes: number): string {
  return bytes > constants.MAX_STRING_LENGTH
    ? ` (the file is over V8's maximum string length of ${constants.MAX_STRING_LENGTH} characters)`
    : '';
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}
