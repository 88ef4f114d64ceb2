export { type CollectOptions, collectSbom } from './collect';
export { toCycloneDx } from './cyclonedx';
export { DEFAULT_SKIPPED_DIRECTORIES, detectLocks } from './detect';
export type {
  Component,
  Ecosystem,
  Hash,
  HashAlgorithm,
  LockFormat,
  LockSource,
  Project,
  Property,
  Sbom,
  Scope,
} from './model';
export { sourceDateEpochFrom, type WriteOptions } from './options';
export { toSpdx, validateSpdx } from './spdx';
