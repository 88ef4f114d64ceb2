import type { Runtime } from '@ccm/toolkit';
import { readSbomSignInputs, type SbomSignContext } from './context';
import { type KeylessFactory, type SignResult, signStep } from './sign';

export type { SbomSignContext } from './context';
export type { KeylessFactory, SignedSubject, SignResult } from './sign';

/** The whole sbom-sign step, for the action and the CLI alike. */
export async function sbomSignStep(
  runtime: Runtime,
  context: SbomSignContext,
  keyless?: KeylessFactory,
): Promise<SignResult | undefined> {
  const inputs = readSbomSignInputs(runtime);
  if (inputs.mode === 'verify') {
    // Loaded on demand: the Sigstore verifier is most of the bundle, and signing-free runs need none of it.
    const { verifyStep } = await import('./verify');
    await verifyStep(runtime, context, inputs);
    return undefined;
  }
  return signStep(runtime, context, inputs, keyless);
}
