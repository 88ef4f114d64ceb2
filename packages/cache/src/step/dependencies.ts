import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { code, InputError, type Runtime, table } from '@ccm/toolkit';
import { dependencyCacheKey, type EcosystemName } from '../dependencies/index';
import type { CacheStore } from '../store/store';
import { type CacheContext, type CacheInputs, isReadOnly, workingRoot } from './context';
import { resolveUserPath } from './paths';
import { reportStoreFailure, restoreReporting } from './report';

/** What the post step needs from the main step, kept in the runner's step state. */
export interface DependencyState {
  key: string;
  paths: string[];
  matchedKey?: string;
  readOnly: boolean;
  saveOnFailure: boolean;
  strict: boolean;
  store: string;
}

export const DEPENDENCY_STATE = 'dependencies';

/**
 * The job variable that tells the runner to run our post step after a failed job too: action.yml's
 * `post-if` reads it, since a post step cannot see its own inputs (actions/cache#1315).
 */
export const SAVE_ON_FAILURE_VARIABLE = 'CCM_CACHE_SAVE_ON_FAILURE';

interface CachePlan {
  key: string;
  restoreKeys: string[];
  paths: string[];
  ecosystems: EcosystemName[];
  lockFiles: string[];
}

/** Main step of `mode: dependencies`: work out key and paths, restore, and leave the save to the post step. */
export async function restoreDependencies(
  runtime: Runtime,
  context: CacheContext,
  inputs: CacheInputs,
  store: CacheStore,
): Promise<DependencyState> {
  const plan = await planCache(workingRoot(context, inputs), inputs, context.env);
  if (plan.ecosystems.length > 0) {
    const root = workingRoot(context, inputs);
    const locks = plan.lockFiles.map((file) => relative(root, file) || file);
    runtime.log.info(`detected ${plan.ecosystems.join(', ')} from ${locks.join(', ')}`);
  }
  runtime.log.info(`key ${plan.key}, store ${store.description}, paths:\n  ${plan.paths.join('\n  ')}`);
  const result = await restoreReporting(runtime, store, inputs, {
    paths: plan.paths,
    key: plan.key,
    restoreKeys: plan.restoreKeys,
  });
  const exact = result.matchedKey !== undefined && result.exact;
  runtime.log.info(
    result.matchedKey === undefined
      ? 'cache miss: nothing restored'
      : exact
        ? `cache hit: restored ${result.matchedKey}`
        : `partial hit: restored ${result.matchedKey} (restore key); ${whoSaves(context)} saves ${plan.key}`,
  );
  runtime.setOutput('cache-hit', String(exact));
  runtime.setOutput('matched-key', result.matchedKey ?? '');
  runtime.setOutput('key', plan.key);
  runtime.setOutput('ecosystems', JSON.stringify(plan.ecosystems));

  const state: DependencyState = {
    key: plan.key,
    paths: plan.paths,
    ...(result.matchedKey === undefined ? {} : { matchedKey: result.matchedKey }),
    readOnly: isReadOnly(context, inputs),
    saveOnFailure: inputs['save-on-failure'],
    strict: inputs.strict,
    store: store.description,
  };
  runtime.saveState(DEPENDENCY_STATE, JSON.stringify(state));
  if (state.saveOnFailure && !state.readOnly) runtime.exportVariable(SAVE_ON_FAILURE_VARIABLE, 'true');
  await runtime.writeSummary(restoreSummary(plan, state, exact, store, context.inActions));
  return state;
}

/** The key, restore keys and paths: the user's own when given, else detected from the lock files. */
async function planCache(root: string, inputs: CacheInputs, env: NodeJS.ProcessEnv): Promise<CachePlan> {
  const userPaths = inputs.path.map((path) => resolveUserPath(path, root));
  if (inputs.key) {
    if (userPaths.length === 0) throw new InputError('path', 'is required with key (what should the key cache?)');
    return { key: inputs.key, restoreKeys: inputs['restore-keys'], paths: userPaths, ecosystems: [], lockFiles: [] };
  }
  const detected = await dependencyCacheKey(root, { only: inputs.ecosystems, env, askTools: inputs['ask-tools'] });
  return {
    key: detected.key,
    restoreKeys: inputs['restore-keys'].length > 0 ? inputs['restore-keys'] : detected.restoreKeys,
    paths: userPaths.length > 0 ? userPaths : detected.paths,
    ecosystems: detected.ecosystems,
    lockFiles: detected.lockFiles,
  };
}

/** Why the post step will or will not save, decided from the main step's state and the job's outcome. */
export function saveDecision(
  state: DependencyState,
  env: NodeJS.ProcessEnv,
): { save: true } | { save: false; reason: string } {
  if (state.matchedKey === state.key) return { save: false, reason: `exact key ${state.key} was restored` };
  if (state.readOnly) return { save: false, reason: 'read-only (the default on pull requests from forks)' };
  // The runner runs this post step after a failed job only when some cache step asked for it; a step
  // that did not ask cannot tell that run from a passing one, so it keeps out of the way.
  if (!state.saveOnFailure && env[SAVE_ON_FAILURE_VARIABLE] === 'true') {
    return {
      save: false,
      reason: `another cache step in this job set save-on-failure, so this post step may follow a failed job; set save-on-failure on this step too to save either way`,
    };
  }
  const present = state.paths.filter((path) => existsSync(path));
  if (present.length === 0) return { save: false, reason: `none of the paths exist: ${state.paths.join(', ')}` };
  return { save: true };
}

/** Post step of `mode: dependencies`: save on a miss, when the files exist and saving is allowed. */
export async function saveDependencies(runtime: Runtime, context: CacheContext, store: CacheStore): Promise<void> {
  const text = runtime.getState(DEPENDENCY_STATE);
  if (!text) {
    runtime.log.info('nothing to save: the main step did not get as far as a restore');
    return;
  }
  await saveFromState(runtime, JSON.parse(text) as DependencyState, context.env, store);
}

/** `ccm cache save`: the post step's save without a main step before it (the key is worked out afresh). */
export async function saveDependenciesNow(
  runtime: Runtime,
  context: CacheContext,
  inputs: CacheInputs,
  store: CacheStore,
): Promise<void> {
  const plan = await planCache(workingRoot(context, inputs), inputs, context.env);
  const state: DependencyState = {
    key: plan.key,
    paths: plan.paths,
    readOnly: isReadOnly(context, inputs),
    saveOnFailure: false,
    strict: inputs.strict,
    store: store.description,
  };
  await saveFromState(runtime, state, {}, store);
}

async function saveFromState(
  runtime: Runtime,
  state: DependencyState,
  env: NodeJS.ProcessEnv,
  store: CacheStore,
): Promise<void> {
  const decision = saveDecision(state, env);
  if (!decision.save) {
    runtime.log.info(`not saving ${state.key}: ${decision.reason}`);
    return;
  }
  // The whole list, missing folders included: the service versions an entry by its path list, and a
  // restore asks with the whole list.
  const result = await store.save({ paths: state.paths, key: state.key });
  if (result.saved) {
    runtime.log.info(`saved ${state.key} (${formatBytes(result.bytes)}) to ${store.description}`);
  } else if (result.exists) {
    runtime.log.info(`not saved: ${result.reason}`);
  } else {
    reportStoreFailure(runtime, state.strict, `save of ${state.key} to ${store.description} failed: ${result.reason}`);
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Who saves after a restore: the action's post step, or on the command line `ccm cache save`. */
function whoSaves(context: CacheContext): string {
  return context.inActions ? 'the post step' : 'ccm cache save';
}

function restoreSummary(
  plan: CachePlan,
  state: DependencyState,
  exact: boolean,
  store: CacheStore,
  inActions: boolean,
): string {
  const outcome =
    state.matchedKey === undefined ? 'miss' : exact ? 'hit' : `partial hit (restore key ${code(state.matchedKey)})`;
  const saving = exact
    ? 'nothing to save'
    : state.readOnly
      ? 'read-only: no save'
      : inActions
        ? `the post step saves ${code(state.key)}${state.saveOnFailure ? ', even if the job fails' : ' if the job succeeds'}`
        : `\`ccm cache save\` saves ${code(state.key)}`;
  const rows = [
    ['Ecosystems', plan.ecosystems.length > 0 ? plan.ecosystems.join(', ') : 'custom key'],
    ['Key', code(plan.key)],
    ['Result', outcome],
    ['Lock files', String(plan.lockFiles.length)],
    ['Paths', plan.paths.map(code).join('<br>')],
    ['Store', store.description],
    ['Save', saving],
  ];
  return `## 🗄️ cache: dependencies ${outcome}\n\n${table(['', ''], rows)}\n`;
}
