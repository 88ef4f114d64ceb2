/** Bits per word: 16 keeps every word a small integer, so the words are a plain array of 4-byte elements. */
const WORD_BITS = 16;
const SHIFT = 4;
const LOW = WORD_BITS - 1;

/**
 * A growable set of positive line numbers, one bit per line, so millions of lines cost little memory.
 * The bits live in a plain array of small integers rather than a typed array: a typed array costs about
 * 250 bytes before its first line, and a report names hundreds of thousands of small files.
 */
export class LineSet {
  private readonly words: number[] = [];
  private count = 0;

  add(line: number): void {
    const word = line >>> SHIFT;
    const words = this.words;
    while (words.length <= word) words.push(0);
    const mask = 1 << (line & LOW);
    const value = words[word] as number;
    if (value & mask) return;
    words[word] = value | mask;
    this.count++;
  }

  has(line: number): boolean {
    const word = line >>> SHIFT;
    return word < this.words.length && ((this.words[word] as number) & (1 << (line & LOW))) !== 0;
  }

  get size(): number {
    return this.count;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const words = this.words;
    for (let word = 0; word < words.length; word++) {
      let value = words[word] as number;
      while (value !== 0) {
        const bit = 31 - Math.clz32(value & -value);
        yield word * WORD_BITS + bit;
        value &= value - 1;
      }
    }
  }
}
