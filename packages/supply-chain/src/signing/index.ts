export { type ParsedBundle, parseBundle, parseBundleJSON, readBundleFile } from './bundle-file';
export { type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from './dsse';
export { createKeySigner, detachedSignature, type KeySigner, verifyDetachedSignature } from './key-signer';
export { createKeylessSigner, type KeylessOptions } from './keyless-signer';
export { keyHint, loadPublicKey, loadSigningKey, type SigningKey } from './keys';
export {
  buildProvenance,
  GITHUB_WORKFLOW_BUILD_TYPE,
  type GitHubContext,
  githubContextFromEnv,
  IN_TOTO_STATEMENT_V1,
  type InTotoStatement,
  SLSA_PROVENANCE_V1,
  type SlsaProvenancePredicate,
  type Subject,
  splitWorkflowRef,
} from './provenance';
export { BUNDLE_MEDIA_TYPE, type Signer, signStatement } from './signer';
export { loadTrustedRoot, PUBLIC_GOOD_TRUSTED_ROOT, parseTrustedRoot } from './trusted-root';
export {
  type ArtifactInput,
  assertVerified,
  VerificationFailure,
  type VerifyCheck,
  type VerifyPolicy,
  type VerifyResult,
  verifyBundle,
  verifyBundleFile,
} from './verify';
