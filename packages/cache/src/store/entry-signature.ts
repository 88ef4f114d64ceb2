import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The secret a `dir:` store signs its entries with (input `store-key`, `--store-key`). */
export type StoreKey = string;

/** A `dir:` store's index fields, all covered by its signature: everything a restore acts on. */
export interface SignedFields {
  key: string;
  created: string;
  /** Milliseconds with a fraction (performance clock): orders saves made within one millisecond. */
  order: number;
  size: number;
  /** The saved paths, `~/...` under the home folder; a restore must ask for the same list. */
  paths: string[];
  /** A bare file name beside the index. */
  archive: string;
  compression: string;
  /** sha256 hex of the archive file, checked before it is unpacked. */
  archiveSha256?: string;
}

/**
 * HMAC-SHA256 with the store key over the index fields as a JSON array (one unambiguous encoding,
 * with a label so a signature made for something else never verifies here). The archive is covered
 * through its sha256.
 */
export function entryMac(storeKey: StoreKey, entry: SignedFields): string {
  const fields = [
    'ccm-dir-store-entry/v1',
    entry.key,
    entry.created,
    entry.order,
    entry.size,
    entry.paths,
    entry.archive,
    entry.compression,
    entry.archiveSha256 ?? null,
  ];
  return createHmac('sha256', storeKey).update(JSON.stringify(fields)).digest('hex');
}

/** Why this store must not trust `entry`, or undefined: without a key every entry is trusted. */
export function verifyEntry(
  storeKey: StoreKey | undefined,
  entry: SignedFields & { mac?: unknown },
): string | undefined {
  if (storeKey === undefined) return undefined;
  if (typeof entry.mac !== 'string' || entry.archiveSha256 === undefined) {
    return `entry ${JSON.stringify(entry.key)} is not signed: it was not written with this store-key; refused`;
  }
  const expected = Buffer.from(entryMac(storeKey, entry), 'hex');
  const given = Buffer.from(entry.mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return `entry ${JSON.stringify(entry.key)} has a signature that does not match this store-key (written with another key, or changed since); refused`;
  }
  return undefined;
}

/** The sha256 hex of `source`, copying it to `target` on the way when one is given (one read). */
export async function copyHashing(source: string, target?: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => hash.update(chunk));
  if (target === undefined) {
    tap.resume();
    await pipeline(createReadStream(source), tap);
  } else {
    await pipeline(createReadStream(source), tap, createWriteStream(target, { mode: 0o600 }));
  }
  return hash.digest('hex');
}
