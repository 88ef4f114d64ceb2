import type { KeyObject } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import {
  type KeyFinderFunc,
  PolicyError,
  type SignedEntity,
  type Signer,
  toSignedEntity,
  toTrustMaterial,
  VerificationError,
  Verifier,
} from '@sigstore/verify';
import { verifyPrehashed } from './ecdsa-prehash';
import { keyHint } from './keys';
import { loadTrustedRoot } from './trusted-root';
import { type ArtifactDigest, fail, type VerifyCheck, type VerifyFailure, type VerifyPolicy } from './verify';

/**
 * The signature and its trust chain, by @sigstore/verify: the signer, or the failed check.
 * `publicKey` is given exactly for key-mode bundles; keyless ones chain to the trusted root's Fulcio CA.
 */
export async function verifySigner(
  bundle: Bundle,
  subject: ArtifactDigest,
  policy: VerifyPolicy,
  publicKey: KeyObject | undefined,
): Promise<Signer | VerifyFailure> {
  try {
    const root = policy.trustedRoot ?? (await loadTrustedRoot());
    const trust = toTrustMaterial(root, publicKey ? fixedKey(publicKey) : undefined);
    // A key is its own trust anchor: a log entry or timestamp is checked when present, required only
    // when the policy says so. A keyless bundle needs its log entry unless the policy waives it.
    const tlogThreshold = (policy.requireTlog ?? !publicKey) ? 1 : 0;
    const verifier = new Verifier(
      trust,
      publicKey
        ? { tlogThreshold, ctlogThreshold: 0, timestampThreshold: 0 }
        : { tlogThreshold, ctlogThreshold: policy.ctLogThreshold ?? 1 },
    );
    return verifier.verify(signedEntity(bundle, subject));
  } catch (error) {
    if (error instanceof VerificationError || error instanceof PolicyError) return failure(error, bundle, publicKey);
    throw error;
  }
}

function failure(
  error: VerificationError | PolicyError,
  bundle: Bundle,
  publicKey: KeyObject | undefined,
): VerifyFailure {
  const check = checkOf(error.code);
  if (check === 'signature' && publicKey) {
    const theirs = hintOf(bundle);
    const ours = keyHint(publicKey);
    const hint = theirs && theirs !== ours ? ` (the bundle names key ${theirs}, public-key is ${ours})` : '';
    return fail('public-key', `the signature does not verify with the given public-key${hint}`);
  }
  return fail(check, `${check}: ${error.message}${causeOf(error)}`);
}

// With the bytes, sigstore verifies the signature over them natively; with only a digest, a
// message signature must be checked over the digest itself (ECDSA over a prehashed value).
function signedEntity(bundle: Bundle, subject: ArtifactDigest): SignedEntity {
  const entity = toSignedEntity(bundle, subject.bytes);
  if (subject.bytes || bundle.content.$case !== 'messageSignature') return entity;
  const digest = Buffer.from(subject.digest.slice('sha256:'.length), 'hex');
  const signature = entity.signature;
  return {
    ...entity,
    signature: {
      signature: signature.signature,
      compareSignature: (other) => signature.compareSignature(other),
      compareDigest: (other) => signature.compareDigest(other),
      verifySignature: (key) => verifyPrehashed(key, digest, signature.signature),
    },
  };
}

function fixedKey(publicKey: KeyObject): KeyFinderFunc {
  // The bundle's hint is unauthenticated (DSSE: never use it for decisions): always try our key.
  return () => ({ publicKey, validFor: () => true });
}

function checkOf(code: string): VerifyCheck {
  if (code.startsWith('TLOG')) return 'transparency-log';
  if (code.startsWith('CERTIFICATE') || code === 'UNTRUSTED_SIGNER_ERROR') return 'certificate';
  if (code.startsWith('TIMESTAMP')) return 'timestamp';
  if (code.startsWith('PUBLIC_KEY')) return 'public-key';
  return 'signature';
}

function causeOf(error: { cause?: unknown }): string {
  return error.cause instanceof Error ? ` (${error.cause.message})` : '';
}

/** The key hint a key-mode bundle carries ('' for keyless). */
export function hintOf(bundle: Bundle): string {
  const material = bundle.verificationMaterial.content;
  return material.$case === 'publicKey' ? material.publicKey.hint : '';
}
