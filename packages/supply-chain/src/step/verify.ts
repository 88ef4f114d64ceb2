import { resolve } from 'node:path';
import type { Runtime } from '@ccm/toolkit';
import { code, InputError, table } from '@ccm/toolkit';
import { identityPattern } from '../signing/identity-pattern';
import { loadTrustedRoot } from '../signing/trusted-root';
import {
  type ArtifactInput,
  assertVerified,
  type VerifyPolicy,
  type VerifyResult,
  verifyBundleFile,
} from '../signing/verify';
import { readPem, type SbomSignContext, type SbomSignInputs, workingRoot } from './context';

type Verified = Extract<VerifyResult, { ok: true }>;

/** mode: verify — a bundle against an artifact or digest; the signer; provenance subjects. Fails naming the check. */
export async function verifyStep(runtime: Runtime, context: SbomSignContext, inputs: SbomSignInputs): Promise<void> {
  const root = workingRoot(context, inputs);
  if (!inputs.bundle) throw new InputError('bundle', 'is required with mode: verify');
  if (!inputs.artifact) throw new InputError('artifact', 'is required with mode: verify (a path, or sha256:<hex>)');
  const bundle = resolve(root, inputs.bundle);
  const result = await verifyBundleFile(bundle, artifactOf(inputs.artifact, root), await policyOf(inputs, root));
  assertVerified(result);
  runtime.setOutput('digests', JSON.stringify({ [inputs.artifact]: result.digest }));
  runtime.setOutput('bundle-paths', JSON.stringify([bundle]));
  runtime.setOutput('sbom-path', '');
  await runtime.writeSummary(renderVerified(inputs.artifact, result));
  runtime.log.info(`verified ${inputs.artifact} (${result.digest})`);
}

function artifactOf(value: string, root: string): ArtifactInput {
  return /^sha256:[0-9a-f]{64}$/i.test(value) ? { digest: value.toLowerCase() } : { path: resolve(root, value) };
}

/** Only what was given: every check the inputs ask for, nothing assumed. */
async function policyOf(inputs: SbomSignInputs, root: string): Promise<VerifyPolicy> {
  const policy: VerifyPolicy = {};
  if (inputs['trusted-root']) policy.trustedRoot = await loadTrustedRoot(resolve(root, inputs['trusted-root']));
  if (inputs['public-key']) policy.publicKey = readPem(inputs['public-key'], 'public-key', root);
  if (inputs['certificate-identity']) policy.certificateIdentity = identityPattern(inputs['certificate-identity']);
  if (inputs['certificate-oidc-issuer']) policy.certificateIssuer = inputs['certificate-oidc-issuer'];
  if (inputs['require-tlog'] !== 'auto') policy.requireTlog = inputs['require-tlog'] === 'true';
  const expect = Object.fromEntries(
    [
      ['repository', inputs['provenance-repository']],
      ['workflowPath', inputs['provenance-workflow']],
      ['ref', inputs['provenance-ref']],
    ].filter(([, value]) => value),
  ) as VerifyPolicy['expect'];
  if (expect && Object.keys(expect).length > 0) policy.expect = expect;
  return policy;
}

function renderVerified(artifact: string, result: Verified): string {
  const optional = (label: string, value: string | undefined) => (value ? [[label, code(value)]] : []);
  const rows = [
    ['Artifact', code(artifact)],
    ['Digest', code(result.digest)],
    ['Signed with', result.mode === 'key' ? 'a key pair' : 'Sigstore keyless'],
    ...optional('Identity', result.identity?.subjectAlternativeName),
    ...optional('Issuer', result.identity?.issuer),
    ...optional('Attestation', result.statement?.predicateType),
  ];
  return `## ✅ sbom-sign: verified\n\n${table(['Check', 'Value'], rows)}\n`;
}
