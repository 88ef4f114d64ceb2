import type { InputSchema, OutputSchema } from '@ccm/toolkit';

/** Every input of the sbom-sign action, declared once (action.yml, README and CLI follow it). */
export const sbomSignInputs = {
  mode: {
    type: 'enum',
    values: ['sign', 'verify'],
    default: 'sign',
    description:
      'sign: write the SBOM, sign it and the subjects, attest provenance. verify: check a bundle against an artifact.',
  },
  'working-directory': {
    type: 'string',
    description:
      'The project whose lock files make the SBOM; subject-path globs resolve here too. Default: the workspace.',
  },
  'sbom-format': {
    type: 'string',
    default: 'cyclonedx-json',
    description: 'cyclonedx-json (CycloneDX 1.6), spdx-json (SPDX 2.3), or both, comma-separated.',
  },
  signing: {
    type: 'enum',
    values: ['keyless', 'key', 'none'],
    description:
      'keyless: Sigstore with the workflow OIDC token (needs id-token: write). key: private-key. none: the SBOM alone. Default: keyless inside GitHub Actions, none elsewhere.',
  },
  'private-key': {
    type: 'string',
    secret: true,
    description: 'ECDSA P-256 private key, PKCS#8 PEM (or, with the CLI, a path to one), for signing: key.',
  },
  'public-key': { type: 'string', description: 'PEM public key (or a path to one) to verify key-mode bundles.' },
  'fail-on-empty': {
    type: 'boolean',
    default: false,
    description:
      'Fail when the SBOM lists no component (no lock file read, or locks listing no package). Off: a warning names the manifests seen.',
  },
  'subject-path': {
    type: 'list',
    description: 'Globs of the artifacts to sign and attest, besides the SBOM.',
  },
  bundle: { type: 'string', description: 'The Sigstore bundle to verify (mode: verify).' },
  artifact: {
    type: 'string',
    description: 'The artifact to verify the bundle against: a path, or a sha256:<hex> digest (mode: verify).',
  },
  'certificate-identity': {
    type: 'string',
    description:
      'Keyless verify: the expected signer identity (certificate SAN), or a regular expression between slashes.',
  },
  'certificate-oidc-issuer': {
    type: 'string',
    description: 'Keyless verify: the expected OIDC issuer, e.g. https://token.actions.githubusercontent.com.',
  },
  'provenance-repository': {
    type: 'string',
    description: 'Verify provenance: the repository that must have built the artifact (owner/name).',
  },
  'provenance-workflow': {
    type: 'string',
    description: 'Verify provenance: the workflow file that must have built it (.github/workflows/release.yml).',
  },
  'provenance-ref': {
    type: 'string',
    description: 'Verify provenance: the git ref it must have been built from (refs/tags/v1.2.3).',
  },
  'trusted-root': {
    type: 'string',
    description:
      'A Sigstore trusted_root.json. Default: the public-good root shipped with the action, so verification works offline.',
  },
  'fulcio-url': {
    type: 'string',
    description:
      'Keyless signing: the Fulcio certificate authority. Default: the public-good instance, https://fulcio.sigstore.dev.',
  },
  'rekor-url': {
    type: 'string',
    description:
      'Keyless signing: the Rekor transparency log. Default: the public-good instance, https://rekor.sigstore.dev.',
  },
  'output-directory': {
    type: 'string',
    description: 'Where the SBOM, bundles and signatures are written. Default: sbom-sign in RUNNER_TEMP.',
  },
} as const satisfies InputSchema;

export const sbomSignOutputs = {
  'sbom-path': { description: 'Path of the SBOM (the first format when several are written).' },
  'bundle-paths': { description: 'JSON array of the Sigstore bundles written.' },
  digests: { description: 'JSON object {name: "sha256:..."} of every signed subject.' },
} as const satisfies OutputSchema;
