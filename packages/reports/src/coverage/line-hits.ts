import type { LineSet } from './line-set';

/**
 * The lines of one file section as a parser reads them, in order, repeats included: two appends per
 * line instead of a Map lookup and store. `CoverageMap` reads the arrays directly (`addTo`), so the
 * hot path never builds a per-file Map. Iterated as a record's `lines`, it gives what a Map of
 * line -> highest count would: each line once, in first-seen order, with its highest count.
 */
export class LineHits implements Iterable<readonly [line: number, hits: number]> {
  private readonly numbers: number[] = [];
  private readonly counts: number[] = [];

  /** Records a line's hit count (a line listed again keeps its highest count). */
  add(line: number, hits: number): void {
    this.numbers.push(line);
    this.counts.push(hits);
  }

  /** Every line into `lines`, and those with a hit into `covered`. */
  addTo(lines: LineSet, covered: LineSet): void {
    const { numbers, counts } = this;
    for (let i = 0; i < numbers.length; i++) {
      const line = numbers[i] as number;
      lines.add(line);
      if ((counts[i] as number) > 0) covered.add(line);
    }
  }

  /**
   * How many distinct lines, and how many of them hit: one pass when the lines came in increasing
   * order (as every writer we know sorts them), else through the per-line map.
   */
  tally(): { lines: number; covered: number } {
    const { numbers, counts } = this;
    let covered = 0;
    for (let i = 0; i < numbers.length; i++) {
      if (i > 0 && (numbers[i] as number) <= (numbers[i - 1] as number)) return this.tallyOfMap();
      if ((counts[i] as number) > 0) covered++;
    }
    return { lines: numbers.length, covered };
  }

  private tallyOfMap(): { lines: number; covered: number } {
    let lines = 0;
    let covered = 0;
    for (const [, hits] of this) {
      lines++;
      if (hits > 0) covered++;
    }
    return { lines, covered };
  }

  [Symbol.iterator](): IterableIterator<readonly [line: number, hits: number]> {
    const highest = new Map<number, number>();
    for (let i = 0; i < this.numbers.length; i++) {
      const line = this.numbers[i] as number;
      const hits = this.counts[i] as number;
      const known = highest.get(line);
      if (known === undefined || hits > known) highest.set(line, hits);
    }
    return highest.entries();
  }
}
