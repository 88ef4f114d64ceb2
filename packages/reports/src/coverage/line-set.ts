/** A growable set of positive line numbers, one bit per line, so millions of lines cost little memory. */
export class LineSet {
  private bits = new Uint32Array(4);
  private count = 0;

  add(line: number): void {
    const word = line >>> 5;
    if (word >= this.bits.length) this.grow(word);
    const mask = 1 << (line & 31);
    if ((this.bits[word] as number) & mask) return;
    this.bits[word] = (this.bits[word] as number) | mask;
    this.count++;
  }

  has(line: number): boolean {
    const word = line >>> 5;
    return word < this.bits.length && ((this.bits[word] as number) & (1 << (line & 31))) !== 0;
  }

  get size(): number {
    return this.count;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let word = 0; word < this.bits.length; word++) {
      let value = this.bits[word] as number;
      while (value !== 0) {
        const bit = 31 - Math.clz32(value & -value);
        yield word * 32 + bit;
        value &= value - 1;
      }
    }
  }

  private grow(word: number): void {
    let length = this.bits.length;
    while (length <= word) length *= 2;
    const bigger = new Uint32Array(length);
    bigger.set(this.bits);
    this.bits = bigger;
  }
}
