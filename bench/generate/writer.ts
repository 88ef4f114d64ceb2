import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes a large file in 1 MiB batches, so no generator ever holds more than one batch in memory.
 * Generators emit ASCII only, so a string's length is its size in bytes.
 */
export class FileWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    this.bytes += text.length;
    if (this.pending >= 1 << 20) this.flush();
  }

  /** Overwrites bytes already written: a header whose totals are known only at the end. */
  patch(position: number, text: string): void {
    this.flush();
    writeSync(this.fd, text, position, 'latin1');
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.pending === 0) return;
    writeSync(this.fd, this.parts.join(''), null, 'latin1');
    this.parts = [];
    this.pending = 0;
  }
}
