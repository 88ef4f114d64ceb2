import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import type { ArtifactStore } from './artifact-store';
import { DigestMismatchError, fileDigest, parseDigest } from './digest';

/** No artifact under this digest: never promoted, expired, or promoted to another store. */
export class UnknownDigestError extends ConfigurationError {
  override name = 'UnknownDigestError';
  readonly digest: string;

  constructor(digest: string, store: string) {
    super(`no artifact with digest ${digest} in ${store}: was it promoted to this store, and has it not expired?`);
    this.digest = digest;
  }
}

/** Stores the file once under its sha256 digest (build once, promote the same bytes everywhere). */
export async function promoteArtifact(
  file: string,
  store: ArtifactStore,
): Promise<{ digest: string; bytes: number; stored: boolean }> {
  const { digest, bytes } = await fileDigest(file);
  const stored = await store.put(file, digest);
  return { digest, bytes, stored };
}

/**
 * Fetches by digest to a temp file beside destination, verifies sha256 byte for byte, and renames into
 * place only on a match, so nothing unverified or half-written is ever at destination.
 */
export async function fetchArtifact(
  digest: string,
  destination: string,
  store: ArtifactStore,
): Promise<{ bytes: number }> {
  const expected = parseDigest(digest);
  await mkdir(dirname(destination), { recursive: true });
  // Beside destination, so the final rename stays on one file system and is atomic.
  const temp = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString('hex')}.fetch`);
  try {
    if (!(await store.get(expected, temp))) throw new UnknownDigestError(expected, store.description);
    const { digest: actual, bytes } = await fileDigest(temp);
    if (actual !== expected) throw new DigestMismatchError(expected, actual, store.description);
    await rename(temp, destination);
    return { bytes };
  } finally {
    await rm(temp, { force: true, recursive: true });
  }
}
