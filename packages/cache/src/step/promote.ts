import { resolve } from 'node:path';
import { code, InputError, type Runtime } from '@ccm/toolkit';
import { type ArtifactStore, fetchArtifact, parseDigest, promoteArtifact } from '../promote/index';
import { type CacheContext, type CacheInputs, workingRoot } from './context';

/** `mode: promote`: store the artifact once under its digest, or fetch a digest and verify it byte for byte. */
export async function promoteStep(
  runtime: Runtime,
  context: CacheContext,
  inputs: CacheInputs,
  store: ArtifactStore,
): Promise<{ digest: string; bytes: number }> {
  if (!inputs.artifact) {
    throw new InputError(
      'artifact',
      'is required with mode: promote (the file to store, or where to write a fetched one)',
    );
  }
  const path = resolve(workingRoot(context, inputs), inputs.artifact);
  if (inputs.digest) {
    const digest = parseDigest(inputs.digest, 'digest');
    const { bytes } = await fetchArtifact(digest, path, store);
    runtime.setOutput('digest', digest);
    runtime.log.info(`fetched ${digest} from ${store.description} to ${path}: ${bytes} bytes, verified`);
    await runtime.writeSummary(
      `## 🚚 cache: promoted artifact fetched\n\n${code(digest)} → ${code(inputs.artifact)} (${bytes} bytes), verified byte for byte.\n`,
    );
    return { digest, bytes };
  }
  const { digest, bytes, stored } = await promoteArtifact(path, store);
  runtime.setOutput('digest', digest);
  runtime.log.info(
    stored
      ? `stored ${inputs.artifact} as ${digest} in ${store.description} (${bytes} bytes)`
      : `${digest} is already in ${store.description}: built once, not stored again`,
  );
  await runtime.writeSummary(
    `## 🚚 cache: artifact ${stored ? 'stored' : 'already stored'}\n\n${code(inputs.artifact)} is ${code(digest)} (${bytes} bytes). Later jobs fetch it with \`mode: promote\`, \`digest: ${digest}\`.\n`,
  );
  return { digest, bytes };
}
