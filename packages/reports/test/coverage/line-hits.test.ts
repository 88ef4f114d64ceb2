import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoverageMap } from '../../src/coverage/coverage-map';
import { LineHits } from '../../src/coverage/line-hits';
import { LineSet } from '../../src/coverage/line-set';

const entries = fc.array(
  fc.tuple(
    fc.integer({ min: 1, max: 300 }),
    fc.oneof(fc.nat(5), fc.constant(-0), fc.double({ min: 0, max: 9, noNaN: true })),
  ),
  { maxLength: 60 },
);

/** What parsers kept before: a Map of line -> highest count, in first-seen order. */
function asMap(list: [number, number][]): [number, number][] {
  const map = new Map<number, number>();
  for (const [line, hits] of list) {
    const known = map.get(line);
    if (known === undefined || hits > known) map.set(line, hits);
  }
  return [...map];
}

describe('LineHits', () => {
  it('iterates as a Map of highest counts would: each line once, first-seen order', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const hits = new LineHits();
        for (const [line, count] of list) hits.add(line, count);
        expect([...hits]).toEqual(asMap(list));
        // Twice: iteration does not consume it.
        expect([...hits]).toEqual(asMap(list));
      }),
    );
  });

  it('merges into a CoverageMap exactly as the same lines given as pairs', () => {
    fc.assert(
      fc.property(entries, entries, (a, b) => {
        const fast = new CoverageMap();
        const plain = new CoverageMap();
        for (const list of [a, b]) {
          const hits = new LineHits();
          for (const [line, count] of list) hits.add(line, count);
          fast.add({ path: 'x.ts', lines: hits });
          plain.add({ path: 'x.ts', lines: asMap(list) });
        }
        const [f, p] = [fast.get('x.ts'), plain.get('x.ts')];
        expect([...(f?.lines ?? [])]).toEqual([...(p?.lines ?? [])]);
        expect([...(f?.coveredLines ?? [])]).toEqual([...(p?.coveredLines ?? [])]);
      }),
    );
  });

  it('adds its lines, and those hit, to line sets', () => {
    const hits = new LineHits();
    hits.add(3, 0);
    hits.add(1, 2);
    hits.add(3, 1);
    const [lines, covered] = [new LineSet(), new LineSet()];
    hits.addTo(lines, covered);
    expect([...lines]).toEqual([1, 3]);
    expect([...covered]).toEqual([1, 3]);
  });
});
