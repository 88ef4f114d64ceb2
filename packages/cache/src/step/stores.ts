import { resolve } from 'node:path';
import type { Runtime } from '@ccm/toolkit';
import { InputError } from '@ccm/toolkit';
import type { ArtifactStore } from '../promote/index';
import { DirectoryStore, GitHubCacheStore } from '../store/index';
import type { CacheStore } from '../store/store';
import type { CacheContext, CacheInputs } from './context';

export type StoreSpec = { kind: 'github' } | { kind: 'dir'; root: string };

/** The `store` input: `github`, or `dir:/path` (relative paths from the workspace); empty means github inside Actions. */
export function parseStoreSpec(
  text: string | undefined,
  context: Pick<CacheContext, 'inActions' | 'workspace'>,
): StoreSpec {
  const spec = text?.trim() ?? '';
  if (spec === '') {
    if (context.inActions) return { kind: 'github' };
    throw new InputError('store', 'is required outside GitHub Actions: use dir:/path (a folder shared by the runs)');
  }
  if (spec === 'github') return { kind: 'github' };
  if (spec.startsWith('dir:')) {
    const folder = spec.slice('dir:'.length).trim();
    if (folder === '') throw new InputError('store', "dir: needs a folder, as in 'dir:/var/cache/ccm'");
    return { kind: 'dir', root: resolve(context.workspace, folder) };
  }
  throw new InputError('store', `expected github or dir:/path, got '${spec}'`);
}

export function cacheStoreFor(spec: StoreSpec, storeKey?: string): CacheStore {
  return spec.kind === 'github'
    ? new GitHubCacheStore(undefined, storeKey)
    : new DirectoryStore(spec.root, undefined, storeKey);
}

/** Long enough that guessing it is no shortcut (a repository secret is the usual source). */
const MIN_STORE_KEY_LENGTH = 16;

/** The `store-key` input, masked in the log before anything else sees it; undefined when not given. */
export function storeKeyOf(runtime: Runtime, inputs: Pick<CacheInputs, 'store-key'>): string | undefined {
  const key = inputs['store-key'];
  if (key === undefined || key === '') return undefined;
  runtime.mask(key);
  if (key.length < MIN_STORE_KEY_LENGTH) {
    throw new InputError('store-key', `must be at least ${MIN_STORE_KEY_LENGTH} characters (a random secret)`);
  }
  return key;
}

/** Another workflow run to fetch promoted artifacts from (the GitHub store only). */
export interface OtherRun {
  runId: number;
  token: string;
  repository: string;
}

/** Loaded on demand: @actions/artifact is a large part of the bundle, and only promotion needs it. */
export async function artifactStoreFor(spec: StoreSpec, otherRun?: OtherRun): Promise<ArtifactStore> {
  const { DirectoryArtifactStore, GitHubArtifactStore } = await import('../promote/index');
  if (spec.kind === 'dir') {
    if (otherRun) throw new InputError('run-id', 'applies to the github store only: a dir: store has no runs');
    return new DirectoryArtifactStore(spec.root);
  }
  return new GitHubArtifactStore(otherRun ?? {});
}

/** The run named by run-id, with the token and repository that read it; none without run-id. */
export function otherRun(runtime: Runtime, context: CacheContext, inputs: CacheInputs): OtherRun | undefined {
  const runId = inputs['run-id'];
  if (runId === undefined) return undefined;
  const token = inputs['github-token'];
  if (!token) throw new InputError('github-token', 'is required with run-id (actions: read on the repository)');
  runtime.mask(token);
  const repository = context.env.GITHUB_REPOSITORY;
  if (!repository) throw new InputError('run-id', 'needs GITHUB_REPOSITORY, the repository of that run');
  return { runId, token, repository };
}
