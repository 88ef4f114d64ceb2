import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InputError } from '@ccm/toolkit';
import { FileError } from '@ccm/toolkit/errors';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** `sha256:<64 lowercase hex>`, the one digest form promotion writes and accepts. */
export function parseDigest(text: string, input = 'digest'): string {
  const digest = text.trim();
  if (DIGEST.test(digest)) return digest;
  const shown = digest.length > 80 ? `${digest.slice(0, 80)}...` : digest;
  throw new InputError(input, `expected sha256:<64 lowercase hex digits>, got '${shown}'`);
}

/** The hex part of a parsed digest, for names and paths. */
export function digestHex(digest: string): string {
  return parseDigest(digest).slice('sha256:'.length);
}

/** The sha256 of a file, read as a stream so an artifact of any size costs constant memory. */
export async function fileDigest(file: string): Promise<{ digest: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    throw new FileError({ file }, `cannot read artifact: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return { digest: `sha256:${hash.digest('hex')}`, bytes };
}

/**
 * Bytes that do not hash to the digest they were asked for by: tampered with or corrupted in the store.
 * Never the user's input to fix, so a plain Error (reported with its stack) rather than a ConfigurationError.
 */
export class DigestMismatchError extends Error {
  override name = 'DigestMismatchError';
  readonly expected: string;
  readonly actual: string;
  readonly store: string;

  constructor(expected: string, actual: string, store: string) {
    super(
      `artifact from ${store} does not match its digest: expected ${expected}, got ${actual}; the stored bytes changed after promotion, refusing to use them`,
    );
    this.expected = expected;
    this.actual = actual;
    this.store = store;
  }
}
