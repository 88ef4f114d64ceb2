import { ConfigurationError, type Runtime } from '@ccm/toolkit';
import type { CacheStore, RestoreRequest, RestoreResult } from '../store/store';
import type { CacheInputs } from './context';

/** A store that failed is a warning with its reason, or the step's failure under `strict: true`; never silence. */
export function reportStoreFailure(runtime: Runtime, strict: boolean, message: string): void {
  if (strict) throw new ConfigurationError(`${message} (strict: true)`);
  runtime.log.warning(message);
}

/** Restores, with the step's download timeout; a store that failed (not missed) is reported as above. */
export async function restoreReporting(
  runtime: Runtime,
  store: CacheStore,
  inputs: CacheInputs,
  request: Omit<RestoreRequest, 'timeoutMs'>,
): Promise<RestoreResult> {
  const result = await store.restore({
    ...request,
    timeoutMs: inputs['download-timeout-minutes'] * 60_000,
    maxBytes: inputs['max-restore-size-mb'] * 1024 * 1024,
  });
  for (const note of result.matchedKey === undefined ? [] : (result.notes ?? [])) {
    runtime.log.warning(`${store.description}: ${note}`);
  }
  if (result.matchedKey === undefined && result.reason) {
    reportStoreFailure(runtime, inputs.strict, `restore from ${store.description} failed: ${result.reason}`);
  }
  return result;
}
