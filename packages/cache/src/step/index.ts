import { InputError, type Runtime } from '@ccm/toolkit';
import { type CacheContext, type CacheInputs, readCacheInputs } from './context';
import { restoreDependencies, saveDependencies, saveDependenciesNow } from './dependencies';
import { artifactStoreFor, cacheStoreFor, type OtherRun, parseStoreSpec } from './stores';

export type { CacheContext } from './context';
export { readCacheInputs } from './context';
export { DEPENDENCY_STATE, SAVE_ON_FAILURE_VARIABLE, saveDecision } from './dependencies';
export { parseStoreSpec, type StoreSpec } from './stores';
export { recordKey, recordKeyPrefix, suiteFingerprint } from './test-results';

/** The main step of the cache action, for the action and the CLI alike. */
export async function cacheStep(runtime: Runtime, context: CacheContext): Promise<void> {
  const inputs = readCacheInputs(runtime);
  const spec = parseStoreSpec(inputs.store, context);
  switch (inputs.mode) {
    case 'dependencies':
      await restoreDependencies(runtime, context, inputs, cacheStoreFor(spec));
      return;
    case 'test-results': {
      const { checkSuite, recordSuite } = await import('./test-results');
      if (inputs.record) await recordSuite(runtime, context, inputs, cacheStoreFor(spec));
      else await checkSuite(runtime, context, inputs, cacheStoreFor(spec));
      return;
    }
    case 'promote': {
      const { promoteStep } = await import('./promote');
      await promoteStep(runtime, context, inputs, await artifactStoreFor(spec, otherRun(runtime, context, inputs)));
      return;
    }
  }
}

/** The run named by run-id, with the token and repository that read it; none without run-id. */
function otherRun(runtime: Runtime, context: CacheContext, inputs: CacheInputs): OtherRun | undefined {
  const runId = inputs['run-id'];
  if (runId === undefined) return undefined;
  const token = inputs['github-token'];
  if (!token) throw new InputError('github-token', 'is required with run-id (actions: read on the repository)');
  runtime.mask(token);
  const repository = context.env.GITHUB_REPOSITORY;
  if (!repository) throw new InputError('run-id', 'needs GITHUB_REPOSITORY, the repository of that run');
  return { runId, token, repository };
}

/** `ccm cache save`: save the dependency caches now, as the post step would after a miss. */
export async function cacheSaveStep(runtime: Runtime, context: CacheContext): Promise<void> {
  const inputs = readCacheInputs(runtime);
  await saveDependenciesNow(runtime, context, inputs, cacheStoreFor(parseStoreSpec(inputs.store, context)));
}

/** The post step: only `mode: dependencies` saves there. */
export async function cachePostStep(runtime: Runtime, context: CacheContext): Promise<void> {
  const inputs = readCacheInputs(runtime);
  if (inputs.mode !== 'dependencies') return;
  await saveDependencies(runtime, context, cacheStoreFor(parseStoreSpec(inputs.store, context)));
}
