import { resolve } from 'node:path';
import type { Runtime } from '@ccm/toolkit';
import { code, InputError, table } from '@ccm/toolkit';
import { loadTrustedRoot } from '../signing/trusted-root';
import { type ArtifactInput, assertVerified, type VerifyPolicy, verifyBundleFile } from '../signing/verify';
import { readPem, type SbomSignContext, type SbomSignInputs } from './context';

/** mode: verify — a bundle against an artifact or digest; the signer; provenance subjects. Fails naming the check. */
export async function verifyStep(runtime: Runtime, context: SbomSignContext, inputs: SbomSignInputs): Promise<void> {
  const root = inputs['working-directory']
    ? resolve(context.workspace, inputs['working-directory'])
    : context.workspace;
  if (!inputs.bundle) throw new InputError('bundle', 'is required with mode: verify');
  if (!inputs.artifact) throw new InputError('artifact', 'is required with mode: verify (a path, or sha256:<hex>)');
  const artifact: ArtifactInput = /^sha256:[0-9a-f]{64}$/i.test(inputs.artifact)
    ? { digest: inputs.artifact.toLowerCase() }
    : { path: resolve(root, inputs.artifact) };
  const policy: VerifyPolicy = {};
  if (inputs['trusted-root']) policy.trustedRoot = await loadTrustedRoot(resolve(root, inputs['trusted-root']));
  if (inputs['public-key']) policy.publicKey = readPem(inputs['public-key'], 'public-key', root);
  if (inputs['certificate-identity']) policy.certificateIdentity = identityPattern(inputs['certificate-identity']);
  if (inputs['certificate-oidc-issuer']) policy.certificateIssuer = inputs['certificate-oidc-issuer'];

  const expect = {
    ...(inputs['provenance-repository'] ? { repository: inputs['provenance-repository'] } : {}),
    ...(inputs['provenance-workflow'] ? { workflowPath: inputs['provenance-workflow'] } : {}),
    ...(inputs['provenance-ref'] ? { ref: inputs['provenance-ref'] } : {}),
  };
  if (Object.keys(expect).length > 0) policy.expect = expect;
  const result = await verifyBundleFile(resolve(root, inputs.bundle), artifact, policy);
  assertVerified(result);
  runtime.setOutput('digests', JSON.stringify({ [inputs.artifact]: result.digest }));
  runtime.setOutput('bundle-paths', JSON.stringify([resolve(root, inputs.bundle)]));
  runtime.setOutput('sbom-path', '');
  const rows = [
    ['Artifact', code(inputs.artifact)],
    ['Digest', code(result.digest)],
    ['Signed with', result.mode === 'key' ? 'a key pair' : 'Sigstore keyless'],
    ...(result.identity?.subjectAlternativeName ? [['Identity', code(result.identity.subjectAlternativeName)]] : []),
    ...(result.identity?.issuer ? [['Issuer', code(result.identity.issuer)]] : []),
    ...(result.statement ? [['Attestation', code(result.statement.predicateType)]] : []),
  ];
  await runtime.writeSummary(`## ✅ sbom-sign: verified\n\n${table(['Check', 'Value'], rows)}\n`);
  runtime.log.info(`verified ${inputs.artifact} (${result.digest})`);
}

/** `/regexp/` matches the identity by regular expression, anything else exactly. */
function identityPattern(text: string): string | RegExp {
  const match = /^\/(.*)\/$/.exec(text);
  if (!match) return text;
  try {
    return new RegExp(match[1] as string);
  } catch (error) {
    throw new InputError('certificate-identity', `not a valid regular expression: ${(error as Error).message}`);
  }
}
