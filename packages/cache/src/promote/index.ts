export type { ArtifactStore } from './artifact-store';
export { DigestMismatchError, fileDigest, parseDigest } from './digest';
export { DirectoryArtifactStore } from './directory-store';
export { GitHubArtifactStore, type GitHubArtifactStoreOptions } from './github-store';
export { fetchArtifact, promoteArtifact, UnknownDigestError } from './promote';
