/**
 * Deterministic synthetic reports for the benchmarks, written to bench/data/ (git-ignored).
 * A file is reused while its sidecar `.meta.json` matches the generator version, seed and size.
 *
 *   node --import tsx bench/data.ts --sizes 10,100,1000 --formats lcov,cobertura,sarif [--seed 1]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCobertura } from './generate/cobertura';
import { writeLcov } from './generate/lcov';
import { Random } from './generate/random';
import { writeSarif } from './generate/sarif';
import { FileWriter } from './generate/writer';

export const FORMATS = ['lcov', 'cobertura', 'sarif'] as const;
export type BenchFormat = (typeof FORMATS)[number];

export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** Bumped whenever a generator's output changes, so stale files are rewritten. */
const GENERATOR_VERSION = 2;

const MB = 1024 * 1024;

const EXTENSIONS: Record<BenchFormat, string> = { lcov: 'info', cobertura: 'xml', sarif: 'sarif' };

/** What the generator knows it wrote: the answer every parser must agree with. */
export interface Truth {
  files?: number;
  lines?: number;
  covered?: number;
  results?: number;
}

export interface Dataset {
  format: BenchFormat;
  sizeMB: number;
  file: string;
  bytes: number;
  seed: number;
  truth: Truth;
}

interface Meta {
  generator: number;
  format: BenchFormat;
  sizeMB: number;
  seed: number;
  bytes: number;
  truth: Truth;
}

/** The dataset of that format and size, written now unless an identical one is already on disk. */
export function ensureDataset(format: BenchFormat, sizeMB: number, seed = 1, log = console.error): Dataset {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, `${format}-${sizeMB}mb-seed${seed}.${EXTENSIONS[format]}`);
  const metaFile = `${file}.meta.json`;
  const meta = readMeta(metaFile);
  if (
    meta?.generator === GENERATOR_VERSION &&
    meta.format === format &&
    meta.sizeMB === sizeMB &&
    meta.seed === seed &&
    existsSync(file) &&
    statSync(file).size === meta.bytes
  ) {
    return { format, sizeMB, file, bytes: meta.bytes, seed, truth: meta.truth };
  }

  log(`generating ${file} (${sizeMB} MB, seed ${seed})...`);
  const started = performance.now();
  // Written under a temporary name: an interrupted run never leaves a file that looks complete.
  const partial = `${file}.partial`;
  const out = new FileWriter(partial);
  const random = new Random(seed);
  const target = sizeMB * MB;
  const truth: Truth =
    format === 'lcov'
      ? writeLcov(out, random, target)
      : format === 'cobertura'
        ? writeCobertura(out, random, target)
        : writeSarif(out, random, target);
  out.close();
  renameSync(partial, file);
  const bytes = statSync(file).size;
  const written: Meta = { generator: GENERATOR_VERSION, format, sizeMB, seed, bytes, truth };
  writeFileSync(metaFile, `${JSON.stringify(written, null, 2)}\n`);
  log(`  ${bytes} bytes in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(truth)}`);
  return { format, sizeMB, file, bytes, seed, truth };
}

function readMeta(file: string): Meta | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Meta;
  } catch {
    return undefined;
  }
}

/** `--sizes 10,100` and `--formats lcov,sarif`, checked. */
export function parseSelection(sizes: string | undefined, formats: string | undefined) {
  const sizeList = (sizes ?? '10,100').split(',').map((s) => Number(s.trim()));
  if (sizeList.some((s) => !Number.isInteger(s) || s <= 0))
    throw new Error(`--sizes: expected MB integers, got ${sizes}`);
  const formatList = (formats ?? FORMATS.join(',')).split(',').map((f) => f.trim());
  for (const f of formatList) {
    if (!(FORMATS as readonly string[]).includes(f))
      throw new Error(`--formats: unknown format ${f} (${FORMATS.join(', ')})`);
  }
  return { sizes: sizeList, formats: formatList as BenchFormat[] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { sizes: { type: 'string' }, formats: { type: 'string' }, seed: { type: 'string', default: '1' } },
  });
  const { sizes, formats } = parseSelection(values.sizes, values.formats);
  for (const format of formats) {
    for (const size of sizes) {
      const dataset = ensureDataset(format, size, Number(values.seed));
      console.log(`${dataset.file}\t${dataset.bytes}\t${JSON.stringify(dataset.truth)}`);
    }
  }
}
