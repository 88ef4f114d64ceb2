export { DirectoryStore } from './directory-store';
export { type ActionsCacheClient, GitHubCacheStore } from './github-store';
export type { CacheStore, RestoreRequest, RestoreResult, SaveRequest, SaveResult } from './store';
