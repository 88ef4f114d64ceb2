import type { Runtime } from '@ccm/toolkit';
import { type CacheContext, readCacheInputs } from './context';
import { restoreDependencies, saveDependencies, saveDependenciesNow } from './dependencies';
import { artifactStoreFor, cacheStoreFor, otherRun, parseStoreSpec, storeKeyOf } from './stores';

export type { CacheContext } from './context';
export { readCacheInputs } from './context';
export { DEPENDENCY_STATE, SAVE_ON_FAILURE_VARIABLE, saveDecision } from './dependencies';
export { parseStoreSpec, type StoreSpec, storeKeyOf } from './stores';
export { recordKey, recordKeyPrefix, suiteFingerprint } from './test-results';

/**
 * The action's entry for both of its stages: one bundle runs as main and as post (as actions/checkout
 * does), told apart by a state flag the main stage leaves for the post stage.
 */
export async function cacheActionStage(runtime: Runtime, context: CacheContext): Promise<void> {
  if (runtime.getState(POST_FLAG) === 'true') {
    await cachePostStep(runtime, context);
    return;
  }
  runtime.saveState(POST_FLAG, 'true');
  await cacheStep(runtime, context);
}

const POST_FLAG = 'isPost';

/** The main step of the cache action, for the action and the CLI alike. */
export async function cacheStep(runtime: Runtime, context: CacheContext): Promise<void> {
  const inputs = readCacheInputs(runtime);
  const spec = parseStoreSpec(inputs.store, context);
  const storeKey = storeKeyOf(runtime, inputs);
  switch (inputs.mode) {
    case 'dependencies':
      await restoreDependencies(runtime, context, inputs, cacheStoreFor(spec, storeKey));
      return;
    case 'test-results': {
      const { checkSuite, recordSuite } = await import('./test-results');
      if (inputs.record) await recordSuite(runtime, context, inputs, cacheStoreFor(spec, storeKey));
      else await checkSuite(runtime, context, inputs, cacheStoreFor(spec, storeKey));
      return;
    }
    case 'promote': {
      const { promoteStep } = await import('./promote');
      await promoteStep(runtime, context, inputs, await artifactStoreFor(spec, otherRun(runtime, context, inputs)));
      return;
    }
  }
}

/** `ccm cache save`: save the dependency caches now, as the post step would after a miss. */
export async function cacheSaveStep(runtime: Runtime, context: CacheContext): Promise<void> {
  const inputs = readCacheInputs(runtime);
  const store = cacheStoreFor(parseStoreSpec(inputs.store, context), storeKeyOf(runtime, inputs));
  await saveDependenciesNow(runtime, context, inputs, store);
}

/** The post step: only `mode: dependencies` saves there. */
export async function cachePostStep(runtime: Runtime, context: CacheContext): Promise<void> {
  const inputs = readCacheInputs(runtime);
  if (inputs.mode !== 'dependencies') return;
  const store = cacheStoreFor(parseStoreSpec(inputs.store, context), storeKeyOf(runtime, inputs));
  await saveDependencies(runtime, context, store);
}
