/** Package-manager detection and the dependency cache key (mode `dependencies`). */
export { type DetectedEcosystem, type DetectOptions, detectEcosystems, lockFilesUnder, NOT_ASKED } from './detect';
export { ECOSYSTEM_NAMES, type EcosystemName } from './ecosystems';
export { type DependencyCacheKey, dependencyCacheKey, osName } from './key';
export { runTool, type ToolRunner } from './tools';
