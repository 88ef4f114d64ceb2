import { readFileSync } from 'node:fs';
import { FileError } from '@ccm/toolkit/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clover } from '../../src/coverage/clover';
import { cobertura } from '../../src/coverage/cobertura';
import { coveragePyJson } from '../../src/coverage/coveragepy-json';
import { goCover } from '../../src/coverage/go-cover';
import { istanbulFinal } from '../../src/coverage/istanbul-final';
import { istanbulSummary } from '../../src/coverage/istanbul-summary';
import { jacoco } from '../../src/coverage/jacoco';
import type { ReportFormat } from '../../src/format';
import type { FileCoverageRecord } from '../../src/model';
import { assertSane, fixture, parseFile, tempDir, writeTemp } from './helpers';

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'drop-key'; pick: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('drop-key' as const), pick: fc.nat() }),
);

/** Removes one key, anywhere in the document, chosen by `pick`. */
function dropKey(text: string, pick: number): string {
  const document: unknown = JSON.parse(text);
  const holders: [Record<string, unknown>, string][] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        holders.push([value as Record<string, unknown>, key]);
        walk(child);
      }
    }
  };
  walk(document);
  const chosen = holders[pick % holders.length];
  if (chosen) delete chosen[0][chosen[1]];
  return JSON.stringify(document);
}

function apply(valid: Buffer, mutations: Mutation[], json: boolean): { bytes: Buffer; truncatedOnly: boolean } {
  let bytes = valid;
  const offset = (p: number) => Math.floor(p * bytes.length);
  for (const m of mutations) {
    if (m.kind === 'truncate') bytes = bytes.subarray(0, offset(m.at));
    else if (m.kind === 'flip') {
      bytes = Buffer.from(bytes);
      if (bytes.length > 0) bytes[offset(m.at)] = m.byte;
    } else if (m.kind === 'insert')
      bytes = Buffer.concat([bytes.subarray(0, offset(m.at)), m.bytes, bytes.subarray(offset(m.at))]);
    else if (m.kind === 'delete')
      bytes = Buffer.concat([bytes.subarray(0, offset(m.at)), bytes.subarray(offset(m.at) + m.length)]);
    else if (json) {
      try {
        bytes = Buffer.from(dropKey(bytes.toString('utf8'), m.pick));
      } catch {
        // Already broken JSON: leave it for the parser to refuse.
      }
    }
  }
  return { bytes, truncatedOnly: mutations.length === 1 && mutations[0]?.kind === 'truncate' };
}

const targets: { format: ReportFormat<'coverage'>; name: string }[] = [
  { format: cobertura, name: 'cobertura-istanbul.xml' },
  { format: jacoco, name: 'jacoco.xml' },
  { format: clover, name: 'clover-openclover.xml' },
  { format: istanbulSummary, name: 'coverage-summary.json' },
  { format: istanbulFinal, name: 'coverage-final.json' },
  { format: coveragePyJson, name: 'coveragepy.json' },
  { format: goCover, name: 'go-cover.out' },
];

describe.each(targets)('fuzz: $format.label', ({ format, name }) => {
  const valid = readFileSync(fixture(name));
  const json = name.endsWith('.json');
  const structured = !format.matchText; // XML or JSON: a document cut short can never be whole

  it('never crashes with anything but a FileError, never passes garbage', async () => {
    const dir = tempDir(`fuzz-${format.id}`);
    let run = 0;
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const { bytes, truncatedOnly } = apply(valid, mutations, json);
        const file = writeTemp(dir, `m${run++ % 8}`, bytes);
        const out: FileCoverageRecord[] = [];
        try {
          await parseFile(format, file, '/repo', (record) => out.push(record));
        } catch (error) {
          if (!(error instanceof FileError)) throw error;
          failures++;
          return;
        }
        for (const record of out) assertSane(record);
        if (structured && truncatedOnly && bytes.toString('utf8').trim() !== valid.toString('utf8').trim()) {
          throw new Error(`a truncated document (${bytes.length} of ${valid.length} bytes) passed`);
        }
      }),
      { numRuns: 1500 },
    );
    expect(failures).toBeGreaterThan(0);
  });
});
