import { ConfigurationError } from '@ccm/toolkit/errors';
import { attest, type IdentityProvider, InternalError, type SignOptions, sign } from 'sigstore';
import type { Signer } from './signer';

export interface KeylessOptions {
  /** Defaults to the public-good instances (https://fulcio.sigstore.dev, https://rekor.sigstore.dev). */
  fulcioURL?: string;
  rekorURL?: string;
  /** An RFC 3161 timestamp authority, if one should countersign too. */
  tsaServerURL?: string;
  /**
   * Where the OIDC token comes from. Default: sigstore's CI provider, which in GitHub Actions asks
   * ACTIONS_ID_TOKEN_REQUEST_URL for a token with audience `sigstore` (needs `id-token: write`).
   */
  identityProvider?: IdentityProvider;
  /** Upload to Rekor (default true: keyless bundles are only verifiable with a log entry). */
  tlogUpload?: boolean;
  timeoutMs?: number;
}

/**
 * Keyless adapter: an ephemeral key certified by Fulcio for the workflow's OIDC identity and
 * logged in Rekor, through sigstore-js (sigstore@4.1: Node ^20.17 || >=22.9).
 */
export function createKeylessSigner(options: KeylessOptions = {}): Signer {
  const signOptions: SignOptions = {
    fulcioURL: options.fulcioURL,
    rekorURL: options.rekorURL,
    tsaServerURL: options.tsaServerURL,
    identityProvider: options.identityProvider,
    tlogUpload: options.tlogUpload ?? true,
    timeout: options.timeoutMs,
  };
  return {
    mode: 'keyless',
    async sign(payload, payloadType) {
      try {
        return payloadType === undefined
          ? await sign(payload, signOptions)
          : await attest(payload, payloadType, signOptions);
      } catch (error) {
        throw describeSigningError(error);
      }
    },
  };
}

function describeSigningError(error: unknown): Error {
  if (error instanceof InternalError) {
    const cause =
      error.cause instanceof Error ? `: ${error.cause.message}` : error.cause ? `: ${String(error.cause)}` : '';
    if (error.code === 'IDENTITY_TOKEN_READ_ERROR' || error.code === 'IDENTITY_TOKEN_PARSE_ERROR') {
      // The usual cause is a workflow without `permissions: id-token: write`.
      return new ConfigurationError(
        `keyless signing needs the workflow's OIDC token: grant 'permissions: id-token: write' (or use signing: key) — ${error.message}${cause}`,
      );
    }
    return new Error(`keyless signing failed (${error.code}): ${error.message}${cause}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
