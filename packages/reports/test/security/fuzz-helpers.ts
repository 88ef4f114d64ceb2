import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import fc from 'fast-check';

/** Byte-level damage to a valid report: cut it, flip bytes, insert bytes. */
export const byteMutation = (size: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: Math.max(0, size - 1) }) }),
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat({ max: Math.max(0, size - 1) }),
      byte: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat({ max: size }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
  );

export type ByteMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

export function applyBytes(base: Buffer, m: ByteMutation): Buffer {
  if (m.kind === 'truncate') return base.subarray(0, m.at);
  if (m.kind === 'flip') {
    const copy = Buffer.from(base);
    copy[m.at] = m.byte;
    return copy;
  }
  return Buffer.concat([base.subarray(0, m.at), Buffer.from(m.bytes), base.subarray(m.at)]);
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Every path to a value inside a JSON document. */
export function jsonPaths(value: JsonValue, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i], ...jsonPaths(v, [...prefix, i]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...jsonPaths(v, [...prefix, k]));
  }
  return out;
}

/** Structural damage: drop the value at a path, or replace it with arbitrary JSON. */
export function applyJson(doc: JsonValue, path: (string | number)[], replacement: JsonValue | undefined): JsonValue {
  const copy = structuredClone(doc);
  let parent: JsonValue = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, JsonValue>)[key as string] as JsonValue;
  const last = path.at(-1) as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete (parent as Record<string, JsonValue>)[last];
  } else (parent as Record<string, JsonValue>)[last as string] = replacement;
  return copy;
}

export const jsonMutation = (paths: number) =>
  fc.record({
    path: fc.nat({ max: Math.max(0, paths - 1) }),
    replacement: fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>, { nil: undefined }),
  });

/**
 * Runs a parse on a mutated input: it must either give a result that passes `check`, or fail with a
 * FileError. Anything else (a TypeError, a RangeError) is a bug.
 */
export async function survives<T>(
  dir: string,
  content: Buffer | string,
  parse: (file: string) => Promise<T>,
  check: (result: T) => void,
  name = 'mutated',
): Promise<void> {
  const file = join(dir, name);
  await writeFile(file, content);
  let result: T;
  try {
    result = await parse(file);
  } catch (error) {
    if (error instanceof FileError) return;
    throw error;
  }
  check(result);
}

export type { JsonValue };
