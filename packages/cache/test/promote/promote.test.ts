import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@ccm/toolkit';
import { FileError } from '@ccm/toolkit/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DigestMismatchError,
  DirectoryArtifactStore,
  fetchArtifact,
  fileDigest,
  parseDigest,
  promoteArtifact,
  UnknownDigestError,
} from '../../src/promote';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'ccm-promote-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function artifact(name: string, bytes: Buffer | string): Promise<string> {
  const file = join(work, name);
  await writeFile(file, bytes);
  return file;
}

describe('parseDigest', () => {
  it('accepts sha256 with 64 lowercase hex digits', () => {
    const digest = sha256('x');
    expect(parseDigest(digest)).toBe(digest);
    expect(parseDigest(` ${digest}\n`)).toBe(digest);
  });

  it.each([
    ['', 'empty'],
    ['sha256:abc', 'short'],
    [`sha256:${'A'.repeat(64)}`, 'uppercase'],
    [`sha512:${'a'.repeat(64)}`, 'another algorithm'],
    ['a'.repeat(64), 'no algorithm'],
    [`sha256:${'a'.repeat(65)}`, 'long'],
  ])('rejects %j (%s) with an InputError naming the input', (text) => {
    expect(() => parseDigest(text)).toThrow(InputError);
    expect(() => parseDigest(text)).toThrow(/^input digest: expected sha256:<64 lowercase hex digits>/);
    expect(() => parseDigest(text, 'from')).toThrow(/^input from: /);
  });
});

describe('fileDigest', () => {
  it('streams the sha256 and counts the bytes', async () => {
    // Larger than one read chunk (64 KiB), so chunks are combined in order.
    const bytes = Buffer.alloc(300_000, 7);
    bytes.write('head', 0);
    expect(await fileDigest(await artifact('big.bin', bytes))).toEqual({ digest: sha256(bytes), bytes: 300_000 });
    expect(await fileDigest(await artifact('empty.bin', ''))).toEqual({ digest: sha256(''), bytes: 0 });
  });

  it('names a file it cannot read', async () => {
    const missing = join(work, 'missing.bin');
    await expect(fileDigest(missing)).rejects.toThrow(FileError);
    await expect(fileDigest(missing)).rejects.toThrow(`${missing}: cannot read artifact: ENOENT`);
    await expect(fileDigest(work)).rejects.toThrow('cannot read artifact: EISDIR');
  });
});

describe('promotion through the directory store', () => {
  it('round-trips by digest, byte for byte', async () => {
    const store = new DirectoryArtifactStore(join(work, 'store'));
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
    const promoted = await promoteArtifact(await artifact('app.tar', bytes), store);
    expect(promoted).toEqual({ digest: sha256(bytes), bytes: 4096, stored: true });
    expect(await readdir(join(work, 'store', 'artifacts', 'sha256'))).toEqual([promoted.digest.slice(7)]);

    const destination = join(work, 'later', 'env', 'app.tar');
    expect(await fetchArtifact(promoted.digest, destination, store)).toEqual({ bytes: 4096 });
    expect((await readFile(destination)).equals(bytes)).toBe(true);
    expect(await readdir(join(work, 'later', 'env'))).toEqual(['app.tar']);
  });

  it('stores a digest once, however often it is promoted', async () => {
    const store = new DirectoryArtifactStore(join(work, 'store'));
    const first = await promoteArtifact(await artifact('a.bin', 'same bytes'), store);
    const again = await promoteArtifact(await artifact('b.bin', 'same bytes'), store);
    expect(first.stored).toBe(true);
    expect(again).toEqual({ ...first, stored: false });
    expect(await readdir(join(work, 'store', 'artifacts', 'sha256'))).toHaveLength(1);
  });

  it('lets exactly one of many concurrent writers store a digest and leaves no temp files', async () => {
    const store = new DirectoryArtifactStore(join(work, 'store'));
    const bytes = Buffer.alloc(256 * 1024, 3);
    const files = await Promise.all(Array.from({ length: 8 }, (_, i) => artifact(`copy-${i}.bin`, bytes)));
    const results = await Promise.all(files.map((file) => promoteArtifact(file, store)));
    expect(results.filter((r) => r.stored)).toHaveLength(1);
    expect(await readdir(join(work, 'store', 'artifacts', 'sha256'))).toEqual([sha256(bytes).slice(7)]);
    const destination = join(work, 'out.bin');
    await fetchArtifact(sha256(bytes), destination, store);
    expect((await readFile(destination)).equals(bytes)).toBe(true);
  });

  it('refuses to store a file under a digest its bytes do not have', async () => {
    const store = new DirectoryArtifactStore(join(work, 'store'));
    const file = await artifact('changed.bin', 'now');
    await expect(store.put(file, sha256('before'))).rejects.toThrow(
      `${file}: changed while it was being promoted: expected ${sha256('before')}, copied bytes hash to ${sha256('now')}`,
    );
    expect(await readdir(join(work, 'store', 'artifacts', 'sha256'))).toEqual([]);
  });

  it('rejects a tampered artifact and leaves the destination untouched', async () => {
    const root = join(work, 'store');
    const store = new DirectoryArtifactStore(root);
    const { digest } = await promoteArtifact(await artifact('app.bin', 'the build'), store);
    await writeFile(join(root, 'artifacts', 'sha256', digest.slice(7)), 'the build, patched');

    const destination = await artifact('app-in-prod.bin', 'previous release');
    const failure = await fetchArtifact(digest, destination, store).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DigestMismatchError);
    expect(failure).toMatchObject({ expected: digest, actual: sha256('the build, patched') });
    expect((failure as Error).message).toContain(`artifact from dir:${root} does not match its digest`);
    expect((failure as Error).message).toContain(digest);
    expect((failure as Error).message).toContain(sha256('the build, patched'));
    expect(await readFile(destination, 'utf8')).toBe('previous release');
    expect(await readdir(work)).toEqual(['app-in-prod.bin', 'app.bin', 'store']);
  });

  it('says so when no artifact has the digest', async () => {
    const root = join(work, 'store');
    const digest = sha256('never promoted');
    const destination = join(work, 'out', 'app.bin');
    const failure = fetchArtifact(digest, destination, new DirectoryArtifactStore(root));
    await expect(failure).rejects.toThrow(UnknownDigestError);
    await expect(fetchArtifact(digest, destination, new DirectoryArtifactStore(root))).rejects.toThrow(
      `no artifact with digest ${digest} in dir:${root}`,
    );
    expect(await readdir(join(work, 'out'))).toEqual([]);
  });

  it('rejects bad digest text before touching the store', async () => {
    const store = new DirectoryArtifactStore(join(work, 'store'));
    await expect(fetchArtifact('sha256:nothex', join(work, 'x'), store)).rejects.toThrow(InputError);
    await expect(fetchArtifact('latest', join(work, 'x'), store)).rejects.toThrow(/^input digest: /);
    expect(await readdir(work)).toEqual([]);
  });
});
