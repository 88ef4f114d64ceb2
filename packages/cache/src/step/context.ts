import { resolve } from 'node:path';
import type { Runtime } from '@ccm/toolkit';
import { type InputValues, readInputs } from '@ccm/toolkit';
import { cacheInputs } from '../inputs';

export type CacheInputs = InputValues<typeof cacheInputs>;

/** Where the step runs: the runner's workspace, temp folder and environment (or the CLI's). */
export interface CacheContext {
  workspace: string;
  tempDir: string;
  env: NodeJS.ProcessEnv;
  /** Inside GitHub Actions: the cache service is the default store. */
  inActions: boolean;
  /** A pull request from a fork: its caches would be visible to no one, so the default is read-only. */
  fromFork: boolean;
}

export function readCacheInputs(runtime: Runtime): CacheInputs {
  return readInputs(cacheInputs, runtime.getInput);
}

/** The folder the step works in: working-directory under the workspace, or the workspace. */
export function workingRoot(context: CacheContext, inputs: CacheInputs): string {
  return inputs['working-directory'] ? resolve(context.workspace, inputs['working-directory']) : context.workspace;
}

/** read-only as given, else true on pull requests from forks. */
export function isReadOnly(context: CacheContext, inputs: CacheInputs): boolean {
  return inputs['read-only'] === undefined ? context.fromFork : inputs['read-only'] === 'true';
}
