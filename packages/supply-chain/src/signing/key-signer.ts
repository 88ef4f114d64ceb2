import { createHash, sign, verify } from 'node:crypto';
import { bundleToJSON, type SerializedBundle, toDSSEBundle, toMessageSignatureBundle } from '@sigstore/bundle';
import { preAuthEncoding } from './dsse';
import { loadPublicKey, loadSigningKey } from './keys';
import type { Signer } from './signer';

export interface KeySigner extends Signer {
  readonly mode: 'key';
  readonly publicKeyPem: string;
  readonly keyHint: string;
}

/**
 * Key-pair adapter: ECDSA P-256 / SHA-256, DER signatures, bundles with a public-key hint and no
 * transparency-log entry (the key itself is the trust anchor; nothing leaves the runner).
 */
export function createKeySigner(privateKeyPem: string, input = 'private-key'): KeySigner {
  const key = loadSigningKey(privateKeyPem, input);
  return {
    mode: 'key',
    publicKeyPem: key.publicKeyPem,
    keyHint: key.hint,
    async sign(payload, payloadType) {
      if (payloadType === undefined) {
        const bundle = toMessageSignatureBundle({
          digest: createHash('sha256').update(payload).digest(),
          signature: sign('sha256', payload, key.privateKey),
          keyHint: key.hint,
        });
        return bundleToJSON(bundle);
      }
      const bundle = toDSSEBundle({
        artifact: payload,
        artifactType: payloadType,
        signature: sign('sha256', preAuthEncoding(payloadType, payload), key.privateKey),
        keyHint: key.hint,
      });
      return bundleToJSON(bundle);
    },
  };
}

/**
 * The cosign-compatible detached signature (`<artifact>.sig`): base64 of the DER ECDSA signature
 * over the raw artifact bytes, which is exactly a message-signature bundle's signature, so the
 * two never disagree. `cosign verify-blob --key key.pub --signature a.sig a` accepts it.
 */
export function detachedSignature(bundle: SerializedBundle): string {
  const signature = bundle.messageSignature?.signature;
  if (!signature) throw new Error('detachedSignature: the bundle holds no message signature (a DSSE bundle?)');
  return signature;
}

/** Checks a detached `.sig` the way `cosign verify-blob --key` does. */
export function verifyDetachedSignature(artifact: Buffer, signatureBase64: string, publicKeyPem: string): boolean {
  const key = loadPublicKey(publicKeyPem);
  return verify('sha256', artifact, key, Buffer.from(signatureBase64.trim(), 'base64'));
}
