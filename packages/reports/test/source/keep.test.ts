import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { keep } from '../../src/source';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap growth, in MB, from keeping one 40-character piece of each of 64 chunks of 1 MB. */
function retainedMB(copy: (piece: string) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 64; i++) {
    // A fresh 1 MB string per chunk, as a stream decoder makes them.
    const chunk = `${String(i).padStart(4, '0')}${'x'.repeat(1 << 20)}`;
    kept.push(copy(chunk.slice(0, 40)));
  }
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / (1 << 20);
  expect(kept.every((piece, i) => piece.startsWith(String(i).padStart(4, '0')))).toBe(true);
  return grown;
}

describe('keep', () => {
  it('returns an equal string', () => {
    for (const text of [
      '',
      'a',
      'src/app/file.ts',
      'é€𝄞 and more than thirteen characters',
      `${'a'.repeat(20)}/${'b'.repeat(20)}`,
    ]) {
      expect(keep(text)).toBe(text);
    }
  });

  it('does not hold the chunk a kept piece was cut from, where the piece itself does', () => {
    // The control shows what keep prevents: V8 slices hold their parent, 64 pieces pin 64 MB.
    expect(retainedMB((piece) => piece)).toBeGreaterThan(32);
    expect(retainedMB(keep)).toBeLessThan(4);
  });
});
