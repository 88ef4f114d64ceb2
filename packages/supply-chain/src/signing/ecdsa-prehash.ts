import type { KeyObject } from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist';

/*
 * ECDSA verification of a signature over an already-computed digest ("prehashed"). Node's crypto
 * always hashes the message itself, and verifying a bundle against a bare `sha256:` digest needs
 * exactly this, so the curve arithmetic comes from @noble/curves.
 */
const CURVES = { 'P-256': p256, 'P-384': p384 } as const;

/** True when `derSignature` is a valid ECDSA signature by `key` over `digest` (not hashed again). */
export function verifyPrehashed(key: KeyObject, digest: Buffer, derSignature: Buffer): boolean {
  const jwk = key.export({ format: 'jwk' });
  const curve = CURVES[jwk.crv as keyof typeof CURVES];
  // Another kind of key cannot have made an ECDSA signature.
  if (!curve || !jwk.x || !jwk.y) return false;
  const point = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  try {
    // lowS: false — ECDSA as X9.62 and Sigstore define it accepts both s and n - s.
    return curve.verify(derSignature, digest, point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    // A signature that is not valid DER, or a point off the curve, is simply not a valid signature.
    return false;
  }
}
