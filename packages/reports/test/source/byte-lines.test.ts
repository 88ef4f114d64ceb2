import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachByteLine, forEachLine } from '../../src/source';
import { tempDir, writeTemp } from '../coverage/helpers';

const dir = tempDir('byte-lines');
let counter = 0;

async function stringLines(file: string): Promise<[string, number][]> {
  const out: [string, number][] = [];
  await forEachLine(file, (line, n) => out.push([line, n]));
  return out;
}

async function byteLines(file: string, chunkBytes?: number): Promise<[string, number][]> {
  const out: [string, number][] = [];
  await forEachByteLine(file, (bytes, start, end, n) => out.push([bytes.toString('utf8', start, end), n]), chunkBytes);
  return out;
}

/** Text made of the pieces that matter to a line splitter: breaks of every kind and multi-byte characters. */
const piece = fc.constantFrom('a', 'DA:1,2', '\n', '\r\n', '\r', '\r\r\n', 'é', '€', '𝄞', ' ', ':', '\u2028', '');
const document = fc
  .tuple(fc.boolean(), fc.array(piece, { maxLength: 40 }))
  .map(([bom, pieces]) => (bom ? '\ufeff' : '') + pieces.join(''));

describe('forEachByteLine', () => {
  it('gives the same lines and line numbers as forEachLine, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(document, fc.integer({ min: 3, max: 9 }), async (text, chunkBytes) => {
        const file = writeTemp(dir, `doc-${counter++ % 4}.txt`, text);
        const expected = await stringLines(file);
        expect(await byteLines(file, chunkBytes)).toEqual(expected);
        expect(await byteLines(file)).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  });

  it('joins a line longer than many chunks once, and numbers the lines after it', async () => {
    const long = 'x'.repeat(5000);
    const file = writeTemp(dir, 'long.txt', `a\n${long}\r\nb`);
    expect(await byteLines(file, 64)).toEqual([
      ['a', 1],
      [long, 2],
      ['b', 3],
    ]);
  });

  it('skips a leading byte-order mark, and only a leading one', async () => {
    const file = writeTemp(dir, 'bom.txt', '\ufeffSF:a\n\ufeffb\n');
    expect(await byteLines(file)).toEqual([
      ['SF:a', 1],
      ['\ufeffb', 2],
    ]);
  });
});
