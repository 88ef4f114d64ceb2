import type { SerializedBundle } from '@sigstore/bundle';

/**
 * The signing port. Without a payload type the payload is an artifact and the bundle holds a
 * message signature over its SHA-256; with one it is an attestation (e.g. an in-toto statement)
 * and the bundle holds a DSSE envelope.
 */
export interface Signer {
  readonly mode: 'key' | 'keyless';
  sign(payload: Buffer, payloadType?: string): Promise<SerializedBundle>;
}

export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** An in-toto statement signed as a DSSE envelope (payload type application/vnd.in-toto+json). */
export function signStatement(signer: Signer, statement: object): Promise<SerializedBundle> {
  return signer.sign(Buffer.from(JSON.stringify(statement), 'utf8'), 'application/vnd.in-toto+json');
}
