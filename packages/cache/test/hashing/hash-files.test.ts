import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashFiles } from '../../src/hashing/hash-files';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'ccm-hash-files-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MiB = 1 << 20;

/** Sizes around the worker's 1 MiB read buffer, where an off-by-one would drop or repeat bytes. */
const SIZES = [0, 1, 4095, MiB - 1, MiB, MiB + 1, 3 * MiB + 17];

async function writeFiles(count: number, size: (i: number) => number): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const file = join(work, `f${i}.bin`);
    const bytes = randomBytes(size(i));
    await writeFile(file, bytes);
    files.set(file, bytes);
  }
  return files;
}

describe('hashFiles', () => {
  it('gives the sha256 of each file in this thread for a short list', async () => {
    const files = await writeFiles(SIZES.length, (i) => SIZES[i] as number);
    const hashes = await hashFiles([...files.keys()]);
    expect(hashes.size).toBe(files.size);
    for (const [file, bytes] of files) expect(hashes.get(file)).toBe(sha256(bytes));
  });

  it('gives the same answer from worker threads, across batches and read-buffer boundaries', async () => {
    // 300 files: three batches of 128 spread over two threads; every size class appears in each batch.
    const files = await writeFiles(300, (i) => (i % 40 === 0 ? (SIZES[(i / 40) % SIZES.length] as number) : i * 7));
    for (const threads of [1, 2, 3]) {
      const hashes = await hashFiles([...files.keys()], { threads });
      expect(hashes.size).toBe(300);
      for (const [file, bytes] of files) expect(hashes.get(file)).toBe(sha256(bytes));
    }
  });

  it('hashes a file listed twice once', async () => {
    const files = await writeFiles(2, () => 10);
    const [first, second] = [...files.keys()] as [string, string];
    const hashes = await hashFiles([first, second, first]);
    expect([...hashes.keys()]).toEqual([first, second]);
  });

  it('returns an empty map for no files', async () => {
    expect((await hashFiles([])).size).toBe(0);
    expect((await hashFiles([], { threads: 2 })).size).toBe(0);
  });

  it.each([
    ['in this thread', undefined],
    ['in worker threads', 2],
  ])('names a file it cannot read (%s)', async (_, threads) => {
    const files = await writeFiles(5, () => 100);
    const missing = join(work, 'gone.ts');
    const error = await hashFiles([...files.keys(), missing], threads === undefined ? {} : { threads }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toBe(`${missing}: cannot read the file to fingerprint it: ENOENT`);
  });

  it('refuses a directory with the file named', async () => {
    const error = await hashFiles([work], { threads: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toBe(`${work}: cannot read the file to fingerprint it: EISDIR`);
  });
});
