import { createHash, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@ccm/toolkit/errors';
import type { Bundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { Signer } from '@sigstore/verify';
import { type ParsedBundle, readBundleFile } from './bundle-file';
import { loadPublicKey } from './keys';
import type { InTotoStatement } from './provenance';
import { hintOf, verifySigner } from './verify-signature';
import { checkStatement } from './verify-statement';

/** The artifact a bundle is checked against: a file, or just its `sha256:<hex>` digest. */
export type ArtifactInput = { path: string } | { digest: string };

export interface VerifyPolicy {
  /** Default: the public-good trusted root shipped with us. */
  trustedRoot?: TrustedRoot;
  /** PEM public key: key-mode bundles. */
  publicKey?: string;
  /** Keyless: the certificate's SAN, exactly or by regular expression (see identityPattern, which anchors). */
  certificateIdentity?: string | RegExp;
  /** Keyless: the OIDC issuer in the Fulcio certificate extension. */
  certificateIssuer?: string;
  /**
   * Keyless: how many certificate-transparency SCTs the certificate must carry (default 1, as
   * sigstore). 0 only for private instances without a CT log.
   */
  ctLogThreshold?: number;
  /**
   * Whether the bundle must hold a verified transparency-log (Rekor) entry. Default: yes for keyless
   * bundles, no for key-mode ones (a key is its own trust anchor, and key signing logs nothing).
   */
  requireTlog?: boolean;
  /** Attestations: fields the SLSA provenance predicate must hold. */
  expect?: { repository?: string; workflowPath?: string; ref?: string };
}

/** Each check that can fail, as named in the failure message. */
export type VerifyCheck =
  | 'artifact'
  | 'public-key'
  | 'signature'
  | 'certificate'
  | 'transparency-log'
  | 'timestamp'
  | 'certificate-identity'
  | 'certificate-oidc-issuer'
  | 'payload-type'
  | 'statement'
  | 'subject-digest'
  | 'predicate-type'
  | 'predicate.repository'
  | 'predicate.workflow'
  | 'predicate.ref';

export type VerifyResult =
  | {
      ok: true;
      mode: 'key' | 'keyless';
      /** sha256:<hex> of the artifact that was checked. */
      digest: string;
      identity?: { subjectAlternativeName?: string; issuer?: string };
      statement?: InTotoStatement;
    }
  | { ok: false; check: VerifyCheck; message: string };

/** A failed check, for callers that exit non-zero: the message starts with `verify:`. */
export class VerificationFailure extends ConfigurationError {
  override name = 'VerificationFailure';
  constructor(
    readonly check: VerifyCheck,
    reason: string,
  ) {
    super(`verify: ${reason}`);
  }
}

export function assertVerified(result: VerifyResult): asserts result is Extract<VerifyResult, { ok: true }> {
  if (!result.ok) throw new VerificationFailure(result.check, result.message);
}

export async function verifyBundleFile(
  bundlePath: string,
  artifact: ArtifactInput,
  policy: VerifyPolicy,
): Promise<VerifyResult> {
  return verifyBundle(await readBundleFile(bundlePath), artifact, policy);
}

/** A failed check. */
export type VerifyFailure = Extract<VerifyResult, { ok: false }>;

export const fail = (check: VerifyCheck, message: string): VerifyFailure => ({ ok: false, check, message });

/** Whether a step gave a failure rather than its value. */
export function failed<T extends object>(value: T | VerifyFailure): value is VerifyFailure {
  return 'check' in value && (value as VerifyFailure).ok === false;
}

/**
 * Checks a bundle in the order that names a problem most plainly: the policy fits the bundle's mode,
 * the artifact's digest, the signature and its trust chain, the signer's identity, the statement.
 */
export async function verifyBundle(
  parsed: ParsedBundle,
  artifact: ArtifactInput,
  policy: VerifyPolicy,
): Promise<VerifyResult> {
  const { bundle } = parsed;
  const subject = await readArtifact(artifact);
  const mode = bundle.verificationMaterial.content.$case === 'publicKey' ? 'key' : 'keyless';
  const key = keyFor(parsed, mode, policy);
  if (failed(key)) return key;
  // The artifact digest first: it names a tampered or wrong artifact plainly.
  const wrongDigest = digestMismatch(parsed, subject);
  if (wrongDigest) return wrongDigest;
  const signer = await verifySigner(bundle, subject, policy, key.publicKey);
  if (failed(signer)) return signer;
  const identity = identityOf(mode, signer);
  const wrongIdentity = identityMismatch(identity, policy);
  if (wrongIdentity) return wrongIdentity;
  const checked = statementOf(bundle, subject, policy);
  if (checked && failed(checked)) return checked;
  return { ok: true, mode, digest: subject.digest, identity, statement: checked?.statement };
}

/** The public key to verify a key-mode bundle with; the policy must give one, and only then. */
function keyFor(
  parsed: ParsedBundle,
  mode: 'key' | 'keyless',
  policy: VerifyPolicy,
): { publicKey?: KeyObject } | VerifyFailure {
  if (mode === 'key') {
    if (policy.publicKey === undefined) {
      return fail('public-key', `${parsed.file} is signed with a key (hint ${hintOf(parsed.bundle)}); give public-key`);
    }
    return { publicKey: loadPublicKey(policy.publicKey) };
  }
  if (policy.publicKey !== undefined) {
    return fail('public-key', `${parsed.file} is signed keyless (Fulcio certificate), not with the given public-key`);
  }
  if (policy.certificateIdentity === undefined || !policy.certificateIssuer) {
    throw new ConfigurationError(
      'verify: a keyless bundle needs certificate-identity and certificate-oidc-issuer (who must have signed it)',
    );
  }
  return {};
}

/** A message signature states the artifact's digest: it must be SHA-256 and the artifact's. */
function digestMismatch(parsed: ParsedBundle, subject: ArtifactDigest): VerifyFailure | undefined {
  const content = parsed.bundle.content;
  if (content.$case !== 'messageSignature') return undefined;
  const { algorithm, digest } = content.messageSignature.messageDigest;
  if (algorithm !== 1 /* SHA2_256 */)
    return fail('artifact', `${parsed.file} digests the artifact with an unsupported algorithm (${algorithm})`);
  const bundleDigest = `sha256:${Buffer.from(digest).toString('hex')}`;
  if (bundleDigest === subject.digest) return undefined;
  return fail(
    'artifact',
    `artifact digest ${subject.digest}${subject.label} does not match the bundle's ${bundleDigest}`,
  );
}

type Identity = NonNullable<Extract<VerifyResult, { ok: true }>['identity']>;

/** Keyless: the Fulcio certificate's SAN and OIDC issuer. A key has no identity. */
function identityOf(mode: 'key' | 'keyless', signer: Signer): Identity | undefined {
  if (mode === 'key') return undefined;
  return {
    subjectAlternativeName: signer.identity?.subjectAlternativeName,
    issuer: signer.identity?.extensions?.issuer,
  };
}

function identityMismatch(identity: Identity | undefined, policy: VerifyPolicy): VerifyFailure | undefined {
  if (!identity) return undefined;
  const expected = policy.certificateIdentity as string | RegExp;
  const san = identity.subjectAlternativeName ?? '';
  if (!(typeof expected === 'string' ? san === expected : expected.test(san))) {
    return fail('certificate-identity', `certificate identity '${san}' does not match '${String(expected)}'`);
  }
  if (identity.issuer !== policy.certificateIssuer) {
    return fail(
      'certificate-oidc-issuer',
      `certificate OIDC issuer '${identity.issuer ?? ''}' does not match '${policy.certificateIssuer}'`,
    );
  }
  return undefined;
}

/** An attestation's in-toto statement, checked; undefined for a message signature. */
function statementOf(
  bundle: Bundle,
  subject: ArtifactDigest,
  policy: VerifyPolicy,
): { statement: InTotoStatement } | VerifyFailure | undefined {
  const content = bundle.content;
  if (content.$case !== 'dsseEnvelope') return undefined;
  return checkStatement(content.dsseEnvelope.payloadType, content.dsseEnvelope.payload, subject, policy);
}

/** The artifact as checked: its digest, how to name it in messages, and its bytes when it was a file. */
export interface ArtifactDigest {
  digest: string;
  label: string;
  bytes?: Buffer;
}

async function readArtifact(artifact: ArtifactInput): Promise<ArtifactDigest> {
  if ('digest' in artifact) {
    const digest = artifact.digest.trim().toLowerCase();
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
      throw new ConfigurationError(`verify: '${artifact.digest}' is not a digest of the form sha256:<64 hex digits>`);
    }
    return { digest, label: '' };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(artifact.path);
  } catch (error) {
    throw new ConfigurationError(
      `verify: cannot read artifact ${artifact.path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, label: ` (${artifact.path})`, bytes };
}
