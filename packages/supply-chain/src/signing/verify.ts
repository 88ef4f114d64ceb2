import { createHash, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@ccm/toolkit/errors';
import type { Bundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
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
import { type ParsedBundle, readBundleFile } from './bundle-file';
import { IN_TOTO_PAYLOAD_TYPE } from './dsse';
import { verifyPrehashed } from './ecdsa-prehash';
import { keyHint, loadPublicKey } from './keys';
import { type InTotoStatement, SLSA_PROVENANCE_V1, type SlsaProvenancePredicate } from './provenance';
import { loadTrustedRoot } from './trusted-root';

/** The artifact a bundle is checked against: a file, or just its `sha256:<hex>` digest. */
export type ArtifactInput = { path: string } | { digest: string };

export interface VerifyPolicy {
  /** Default: the public-good trusted root shipped with us. */
  trustedRoot?: TrustedRoot;
  /** PEM public key: key-mode bundles. */
  publicKey?: string;
  /** Keyless: the certificate's SAN, exactly or by regular expression (anchor it yourself). */
  certificateIdentity?: string | RegExp;
  /** Keyless: the OIDC issuer in the Fulcio certificate extension. */
  certificateIssuer?: string;
  /**
   * Keyless: how many certificate-transparency SCTs the certificate must carry (default 1, as
   * sigstore). 0 only for private instances without a CT log.
   */
  ctLogThreshold?: number;
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

const fail = (check: VerifyCheck, message: string): VerifyResult => ({ ok: false, check, message });

export async function verifyBundle(
  parsed: ParsedBundle,
  artifact: ArtifactInput,
  policy: VerifyPolicy,
): Promise<VerifyResult> {
  const { bundle } = parsed;
  const subject = await readArtifact(artifact);
  const material = bundle.verificationMaterial.content;
  const mode = material.$case === 'publicKey' ? 'key' : 'keyless';

  let publicKey: KeyObject | undefined;
  if (mode === 'key') {
    if (policy.publicKey === undefined) {
      return fail('public-key', `${parsed.file} is signed with a key (hint ${hintOf(bundle)}); give public-key`);
    }
    publicKey = loadPublicKey(policy.publicKey);
  } else {
    if (policy.publicKey !== undefined) {
      return fail('public-key', `${parsed.file} is signed keyless (Fulcio certificate), not with the given public-key`);
    }
    if (policy.certificateIdentity === undefined || !policy.certificateIssuer) {
      throw new ConfigurationError(
        'verify: a keyless bundle needs certificate-identity and certificate-oidc-issuer (who must have signed it)',
      );
    }
  }

  // The artifact digest first: it names a tampered or wrong artifact plainly.
  const content = bundle.content;
  if (content.$case === 'messageSignature') {
    const { algorithm, digest } = content.messageSignature.messageDigest;
    if (algorithm !== 1 /* SHA2_256 */)
      return fail('artifact', `${parsed.file} digests the artifact with an unsupported algorithm (${algorithm})`);
    const bundleDigest = `sha256:${Buffer.from(digest).toString('hex')}`;
    if (bundleDigest !== subject.digest) {
      return fail(
        'artifact',
        `artifact digest ${subject.digest}${subject.label} does not match the bundle's ${bundleDigest}`,
      );
    }
  }

  let signer: Signer;
  try {
    const root = policy.trustedRoot ?? (await loadTrustedRoot());
    const trust = toTrustMaterial(root, publicKey ? fixedKey(publicKey) : undefined);
    // A key is its own trust anchor: a log entry or timestamp is checked when present, not required.
    const verifier = new Verifier(
      trust,
      mode === 'key'
        ? { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }
        : { ctlogThreshold: policy.ctLogThreshold ?? 1 },
    );
    signer = verifier.verify(signedEntity(bundle, subject));
  } catch (error) {
    if (error instanceof VerificationError || error instanceof PolicyError) {
      const check = checkOf(error.code);
      if (check === 'signature' && publicKey) {
        const theirs = hintOf(bundle);
        const ours = keyHint(publicKey);
        const hint = theirs && theirs !== ours ? ` (the bundle names key ${theirs}, public-key is ${ours})` : '';
        return fail('public-key', `the signature does not verify with the given public-key${hint}`);
      }
      return fail(check, `${check}: ${error.message}${causeOf(error)}`);
    }
    throw error;
  }

  const identity =
    mode === 'keyless'
      ? { subjectAlternativeName: signer.identity?.subjectAlternativeName, issuer: signer.identity?.extensions?.issuer }
      : undefined;
  if (identity) {
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
  }

  let statement: InTotoStatement | undefined;
  if (content.$case === 'dsseEnvelope') {
    const checked = checkStatement(content.dsseEnvelope.payloadType, content.dsseEnvelope.payload, subject, policy);
    if ('check' in checked) return checked;
    statement = checked.statement;
  }
  return { ok: true, mode, digest: subject.digest, identity, statement };
}

interface ArtifactDigest {
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

function hintOf(bundle: Bundle): string {
  const material = bundle.verificationMaterial.content;
  return material.$case === 'publicKey' ? material.publicKey.hint : '';
}

function checkStatement(
  payloadType: string,
  payload: Buffer,
  subject: ArtifactDigest,
  policy: VerifyPolicy,
): { statement: InTotoStatement } | Extract<VerifyResult, { ok: false }> {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      ok: false,
      check: 'payload-type',
      message: `payload type '${payloadType}' is not ${IN_TOTO_PAYLOAD_TYPE}`,
    };
  }
  let statement: InTotoStatement;
  try {
    statement = JSON.parse(Buffer.from(payload).toString('utf8')) as InTotoStatement;
  } catch {
    return { ok: false, check: 'statement', message: 'the in-toto statement is not JSON' };
  }
  if (!Array.isArray(statement.subject)) {
    return { ok: false, check: 'statement', message: 'the in-toto statement has no subject list' };
  }
  const hex = subject.digest.slice('sha256:'.length);
  if (!statement.subject.some((s) => s?.digest?.sha256?.toLowerCase() === hex)) {
    const listed = statement.subject.map((s) => `${s?.name} sha256:${s?.digest?.sha256}`).join(', ');
    return {
      ok: false,
      check: 'subject-digest',
      message: `subject digest ${subject.digest}${subject.label} does not match any statement subject (${listed})`,
    };
  }
  const expect = policy.expect;
  if (expect && (expect.repository || expect.workflowPath || expect.ref)) {
    if (statement.predicateType !== SLSA_PROVENANCE_V1) {
      return {
        ok: false,
        check: 'predicate-type',
        message: `predicate type '${statement.predicateType}' is not ${SLSA_PROVENANCE_V1}`,
      };
    }
    const workflow = (statement.predicate as Partial<SlsaProvenancePredicate> | undefined)?.buildDefinition
      ?.externalParameters?.workflow;
    const mismatch = predicateMismatch(workflow, expect);
    if (mismatch) return { ok: false, ...mismatch };
  }
  return { statement };
}

function predicateMismatch(
  workflow: { repository?: string; path?: string; ref?: string } | undefined,
  expect: NonNullable<VerifyPolicy['expect']>,
): { check: VerifyCheck; message: string } | undefined {
  if (expect.repository !== undefined) {
    const actual = workflow?.repository ?? '';
    // 'owner/repo' matches https://<server>/owner/repo; a full URL must match exactly.
    const matches = expect.repository.includes('://')
      ? actual === expect.repository
      : actual.replace(/^[a-z]+:\/\/[^/]+\//, '') === expect.repository;
    if (!matches) {
      return {
        check: 'predicate.repository',
        message: `provenance repository '${actual}' does not match '${expect.repository}'`,
      };
    }
  }
  if (expect.workflowPath !== undefined && workflow?.path !== expect.workflowPath) {
    return {
      check: 'predicate.workflow',
      message: `provenance workflow '${workflow?.path ?? ''}' does not match '${expect.workflowPath}'`,
    };
  }
  if (expect.ref !== undefined && workflow?.ref !== expect.ref) {
    return {
      check: 'predicate.ref',
      message: `provenance ref '${workflow?.ref ?? ''}' does not match '${expect.ref}'`,
    };
  }
  return undefined;
}
