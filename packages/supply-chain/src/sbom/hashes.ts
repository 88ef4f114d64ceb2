import type { Hash, HashAlgorithm } from './model';

/** Digests as locks write them (SRI base64, `algo:hex`), turned into the hex CycloneDX and SPDX want. */

const SRI_ALGORITHMS: Record<string, HashAlgorithm> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

const HEX_LENGTH: Record<HashAlgorithm, number> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-384': 96,
  'SHA-512': 128,
};

/**
 * A Subresource Integrity string (`sha512-<base64>`, possibly several separated by spaces, as npm
 * writes when it has two) decoded to hex. Unknown algorithms and malformed digests are left out.
 */
export function hashesFromSri(integrity: unknown): Hash[] {
  if (typeof integrity !== 'string') return [];
  const hashes: Hash[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const dash = part.indexOf('-');
    const alg = SRI_ALGORITHMS[part.slice(0, dash).toLowerCase()];
    if (dash < 0 || !alg) continue;
    // An SRI digest may carry `?options` after the base64.
    const content = Buffer.from(part.slice(dash + 1).split('?')[0] ?? '', 'base64').toString('hex');
    if (content.length === HEX_LENGTH[alg]) hashes.push({ alg, content });
  }
  return hashes;
}

/** `sha256:<hex>` (pip, poetry, uv, Pipfile.lock, Gemfile.lock's `sha256=`) to a hash, or undefined. */
export function hashFromPrefixedHex(value: unknown): Hash | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(md5|sha1|sha256|sha384|sha512)[:=]([0-9a-fA-F]+)$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return hexHash(match[1] === 'md5' ? 'MD5' : (SRI_ALGORITHMS[match[1]] as HashAlgorithm), match[2]);
}

/** A bare hex digest of a known algorithm, checked for length. */
export function hexHash(alg: HashAlgorithm, hex: unknown): Hash | undefined {
  if (typeof hex !== 'string') return undefined;
  const content = hex.toLowerCase();
  return content.length === HEX_LENGTH[alg] && /^[0-9a-f]+$/.test(content) ? { alg, content } : undefined;
}

/** The sha1 yarn classic appends to `resolved` URLs (`...tgz#<sha1>`). */
export function hashFromUrlFragment(url: unknown): Hash | undefined {
  if (typeof url !== 'string') return undefined;
  const hash = url.lastIndexOf('#');
  return hash < 0 ? undefined : hexHash('SHA-1', url.slice(hash + 1));
}
