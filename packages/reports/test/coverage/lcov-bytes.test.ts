import { FileError } from '@ccm/toolkit/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lcov } from '../../src/coverage/lcov';
import type { FileCoverageRecord } from '../../src/model';
import { readHead } from '../../src/source';
import { records, tempDir, writeTemp } from './helpers';
import { referenceLcov } from './lcov-reference';

const dir = tempDir('lcov-bytes');
let counter = 0;

type Outcome = { records: FileCoverageRecord[] } | { error: string };

async function outcome(run: () => Promise<FileCoverageRecord[]>): Promise<Outcome> {
  try {
    return { records: await run() };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return { error: error.message };
  }
}

/** Both readers on one file: the same records, or the same FileError (file, line and reason). */
async function compare(content: string | Uint8Array): Promise<Outcome | undefined> {
  const file = writeTemp(dir, `t${counter++ % 8}.info`, content);
  // Empty, blank and binary files are refused before any parser runs, for both alike.
  const head = await outcome(async () => {
    await readHead(file);
    return [];
  });
  if ('error' in head) return undefined;
  const ours = await outcome(() => records(lcov, file));
  expect(ours).toEqual(await outcome(() => referenceLcov(file)));
  return ours;
}

const numbers = [
  '1',
  '42',
  '007',
  '0',
  '-1',
  ' 5',
  '5 ',
  '0x10',
  '1e2',
  '1.5',
  '',
  '+3',
  '10000000',
  '10000001',
  '12345678901234567',
  '999999999999999',
  '٣',
];
const counts = ['0', '3', '', '-0', ' 2', '1.5', '1e3', 'Infinity', 'x', '18446744073709551615', '000', '-1', 'NaN'];
const oddDa = fc
  .tuple(fc.constantFrom(...numbers), fc.constantFrom(...counts), fc.constantFrom('', ',abc', ',', ',1,2'))
  .map(([line, hits, rest]) => `DA:${line},${hits}${rest}`);
const plainDa = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.nat(50)).map(([line, hits]) => `DA:${line},${hits}`);
// Mostly plain records, so that enough documents pass whole; the odd spellings decide most refusals.
const daLine = fc.oneof({ arbitrary: plainDa, weight: 6 }, { arbitrary: oddDa, weight: 1 });
const otherLine = fc.constantFrom(
  'TN:',
  'TN:name',
  'SF:src/a.ts',
  'SF:  /home/runner/work/app/app/src/é.ts  ',
  'SF:',
  'SF',
  ' SF ',
  'DA',
  'DA:',
  'DA:7',
  'end_of_record',
  ' end_of_record ',
  'end_of_record:x',
  'FN:1,f',
  'FNDA:1,f',
  'FNF:1',
  'BRDA:1,0,0,1',
  'BRF:1',
  'LF:3',
  'LH:1',
  'VER:2',
  'XYZ:1',
  'é:1',
  ':foo',
  'da:1,1',
  '',
  '   ',
  'TN',
);
const section = fc
  .tuple(fc.constantFrom('SF:src/a.ts', 'SF:b.ts', 'SF:src/a.ts'), fc.array(daLine, { maxLength: 6 }))
  .map(([sf, das]) => [sf, ...das, 'end_of_record']);
const document = fc
  .tuple(
    fc.array(fc.oneof(section, fc.array(fc.oneof(daLine, otherLine), { maxLength: 3 })), {
      minLength: 1,
      maxLength: 6,
    }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([groups, eol, bom, finalBreak]) => `${bom ? '\ufeff' : ''}${groups.flat().join(eol)}${finalBreak ? eol : ''}`);

describe('lcov: the byte reader against the string reader it replaced', () => {
  it('accepts and refuses the same documents, with the same records and errors', async () => {
    let passed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(document, async (text) => {
        const result = await compare(text);
        if (result && 'records' in result) passed++;
        else if (result) refused++;
      }),
      { numRuns: 1500 },
    );
    // The generator reaches both sides of the grammar.
    expect(passed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('agrees on mutated bytes (invalid UTF-8 included)', async () => {
    const valid = Buffer.from('TN:\nSF:src/é.ts\nDA:1,3\nDA:2,0\nDA:1,5,abc\nBRDA:1,0,0,1\nend_of_record\n');
    await fc.assert(
      fc.asyncProperty(
        fc.nat(valid.length),
        fc.uint8Array({ minLength: 1, maxLength: 4 }),
        fc.nat(3),
        async (at, bytes, drop) => {
          await compare(
            Buffer.concat([valid.subarray(0, at), bytes, valid.subarray(Math.min(valid.length, at + drop))]),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads plain DA records in place: highest count per line, first-seen order', async () => {
    const result = await compare('SF:a.ts\nDA:3,0\nDA:1,2\nDA:3,7\nDA:10,0,checksum\nend_of_record\n');
    expect(result).toEqual({
      records: [
        {
          path: 'a.ts',
          lines: [
            [3, 7],
            [1, 2],
            [10, 0],
          ],
        },
      ],
    });
  });
});
