import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileError } from '@ccm/toolkit/errors';
import fc from 'fast-check';
import { expect } from 'vitest';
import { detectFormat } from '../../src/detect';
import type { ResultByKind } from '../../src/format';
import type { ReportKind } from '../../src/model';

/** Helpers shared by the complexity and benchmark tests: load a report as the gate does, and fuzz it. */

export const fixture = (area: string, name: string) =>
  fileURLToPath(new URL(`../fixtures/${area}/${name}`, import.meta.url));

/** /work/shared/fixtures/<kind>, next to the repository: real tool outputs read in place. */
export const sharedFixtures = (kind: string) =>
  fileURLToPath(new URL(`../../../../../shared/fixtures/${kind}`, import.meta.url));

export async function load<K extends Exclude<ReportKind, 'coverage'>>(
  file: string,
  kind: K,
): Promise<{ format: string; result: ResultByKind[K] }> {
  const { format, head, json } = await detectFormat(file, kind);
  const sink = () => {
    throw new Error('a parser wrote to the coverage sink');
  };
  return { format: format.id, result: await format.parse({ file, root: '/', head, json, sink }) };
}

/** Writes content to a fresh temporary file and returns its path. */
export function tempFile(content: string | Uint8Array, name = 'report'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-reports-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Loads and expects a FileError whose message matches. */
export async function expectFileError<K extends Exclude<ReportKind, 'coverage'>>(
  file: string,
  kind: K,
  message: RegExp,
): Promise<FileError> {
  const error = await load(file, kind).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FileError);
  expect((error as FileError).message).toMatch(message);
  return error as FileError;
}

// ---------------------------------------------------------------- fuzzing

type ByteMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number };

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 24 }) }),
);

function applyBytes(input: Buffer, mutations: readonly ByteMutation[]): Buffer {
  let out = input;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'truncate') out = out.subarray(0, at);
    else if (m.kind === 'flip') {
      out = Buffer.from(out);
      if (out.length > 0) out[at] = m.byte;
    } else if (m.kind === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
  }
  return out;
}

type JsonMutation = { kind: 'drop'; pick: number } | { kind: 'retype'; pick: number; value: unknown };

const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('retype' as const),
    pick: fc.nat(),
    value: fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.constant([]),
      fc.constant({}),
      fc.boolean(),
    ),
  }),
);

/** Every (container, key) pair in a JSON document, depth first. */
function slots(document: unknown): Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> {
  const found: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        found.push({ parent: value, key: index });
        walk(item);
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        found.push({ parent: value as Record<string, unknown>, key });
        walk(item);
      }
    }
  };
  walk(document);
  return found;
}

function applyJson(text: string, mutations: readonly JsonMutation[]): string {
  const document: unknown = JSON.parse(text);
  for (const m of mutations) {
    const all = slots(document);
    if (all.length === 0) break;
    const { parent, key } = all[m.pick % all.length]!;
    if (m.kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (Array.isArray(parent)) parent[key as number] = m.value;
    else parent[key as string] = m.value;
  }
  return JSON.stringify(document);
}

export interface FuzzOptions<K extends Exclude<ReportKind, 'coverage'>> {
  kind: K;
  /** A valid report to mutate. */
  source: string;
  /** Also mutate the parsed document (drop keys, change value types). */
  json?: boolean;
  numRuns?: number;
  /** What any result that is not an error must satisfy. */
  check: (result: ResultByKind[K]) => void;
}

/**
 * Mutates a valid report thousands of times. Every outcome must be a FileError or a result that
 * passes `check`: never another exception, never a malformed result. Then feeds it pure garbage
 * (random bytes and text), which must always be a FileError. Returns how the mutated runs ended,
 * so a test can see both paths were taken.
 */
export async function fuzzReport<K extends Exclude<ReportKind, 'coverage'>>(
  options: FuzzOptions<K>,
): Promise<{ errors: number; results: number }> {
  const original = Buffer.from(options.source, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'ccm-fuzz-'));
  let run = 0;
  const outcome = { errors: 0, results: 0 };
  const attempt = async (bytes: Uint8Array): Promise<ResultByKind[K] | FileError> => {
    const file = join(dir, `input-${run++}`);
    writeFileSync(file, bytes);
    try {
      return (await load(file, options.kind)).result;
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      return error;
    }
  };
  const mutated: fc.Arbitrary<Buffer> = options.json
    ? fc.oneof(
        fc.array(byteMutation, { minLength: 1, maxLength: 3 }).map((m) => applyBytes(original, m)),
        fc.array(jsonMutation, { minLength: 1, maxLength: 3 }).map((m) => Buffer.from(applyJson(options.source, m))),
      )
    : fc.array(byteMutation, { minLength: 1, maxLength: 3 }).map((m) => applyBytes(original, m));
  await fc.assert(
    fc.asyncProperty(mutated, async (bytes) => {
      const result = await attempt(bytes);
      if (result instanceof FileError) outcome.errors++;
      else {
        outcome.results++;
        options.check(result);
      }
    }),
    { numRuns: options.numRuns ?? 1500 },
  );
  // An ESLint report of zero files (`[]`) is the one short document that legitimately passes.
  const garbage = fc
    .oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)),
    )
    .filter((bytes) => Buffer.from(bytes).toString('utf8').replace(/\s/g, '') !== '[]');
  await fc.assert(
    fc.asyncProperty(garbage, async (bytes) => {
      expect(await attempt(bytes)).toBeInstanceOf(FileError);
    }),
    { numRuns: 300 },
  );
  return outcome;
}

export function checkComplexity(result: ResultByKind['complexity']): void {
  for (const f of result.functions) {
    expect(typeof f.file === 'string' && f.file.length > 0).toBe(true);
    expect(typeof f.name === 'string' && f.name.length > 0).toBe(true);
    expect(Number.isInteger(f.complexity) && f.complexity >= 0).toBe(true);
    if (f.line !== undefined) expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
  }
}

export function checkBenchmarks(result: ResultByKind['benchmarks']): void {
  expect(result.benchmarks.length).toBeGreaterThan(0);
  for (const b of result.benchmarks) {
    expect(typeof b.name === 'string' && b.name.length > 0).toBe(true);
    expect(typeof b.unit === 'string' && b.unit.length > 0).toBe(true);
    expect(typeof b.biggerIsBetter).toBe('boolean');
    expect(b.samples.length).toBeGreaterThan(0);
    for (const s of b.samples) expect(Number.isFinite(s)).toBe(true);
  }
}
