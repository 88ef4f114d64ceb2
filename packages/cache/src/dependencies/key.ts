import { createHash } from 'node:crypto';
import { relative, resolve, sep } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { hashFiles } from '../hashing/hash-files';
import { type DetectedEcosystem, type DetectOptions, detectEcosystems } from './detect';
import type { EcosystemName } from './ecosystems';
import { compare } from './walk';

export interface DependencyCacheKey {
  /** ccm-deps-<os>-<arch>-<eco1+eco2>-<sha256 of the lock files and tool versions>. */
  key: string;
  /** Most to least specific prefixes. */
  restoreKeys: string[];
  /** Every detected cache folder, sorted, deduplicated. */
  paths: string[];
  ecosystems: EcosystemName[];
  /** Absolute, sorted. */
  lockFiles: string[];
}

/** Bumped when what goes into the hash changes, so old caches are not matched by a key that means something else. */
const KEY_FORMAT = 'ccm-deps/1';

/** The cache key of the dependencies under root: detection, then the hash of what decides their content. */
export async function dependencyCacheKey(root: string, options: DetectOptions = {}): Promise<DependencyCacheKey> {
  const detected = await detectEcosystems(root, options);
  if (detected.length === 0) {
    const only = options.only?.filter((name) => name.trim() !== '') ?? [];
    const among = only.length > 0 ? ` among the ecosystems ${only.join(', ')}` : '';
    throw new ConfigurationError(
      `no package manager lock file found under ${resolve(root)}${among}; set path and key to cache something else`,
    );
  }
  return keyFor(root, detected, options.platform ?? process.platform, options.arch ?? process.arch);
}

/** The key of detected ecosystems; lock files are named relative to root so checkouts in other folders agree. */
export async function keyFor(
  root: string,
  detected: readonly DetectedEcosystem[],
  platform: NodeJS.Platform,
  arch: string,
): Promise<DependencyCacheKey> {
  const ecosystems = detected.map((ecosystem) => ecosystem.name).sort(compare);
  const lockFiles = [...new Set(detected.flatMap((ecosystem) => ecosystem.lockFiles))].sort(compare);
  const hash = createHash('sha256').update(`${KEY_FORMAT}\n`);
  for (const ecosystem of [...detected].sort((a, b) => compare(a.name, b.name))) {
    hash.update(`tool ${ecosystem.name} ${ecosystem.toolVersion}\n`);
  }
  const digests = await hashFiles(lockFiles);
  const entries = lockFiles.map((file) => ({ path: portableRelative(root, file), digest: digests.get(file) }));
  for (const entry of entries.sort((a, b) => compare(a.path, b.path))) {
    hash.update(`file ${entry.path} ${entry.digest}\n`);
  }
  const prefix = `ccm-deps-${osName(platform)}-${arch}-`;
  const withEcosystems = `${prefix}${ecosystems.join('+')}-`;
  return {
    key: `${withEcosystems}${hash.digest('hex')}`,
    restoreKeys: [withEcosystems, prefix],
    paths: [...new Set(detected.flatMap((ecosystem) => ecosystem.cachePaths))].sort(compare),
    ecosystems,
    lockFiles,
  };
}

/** linux, macos, windows; any other platform by its Node name. */
export function osName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macos';
  if (platform === 'win32') return 'windows';
  return platform;
}

function portableRelative(root: string, file: string): string {
  return relative(resolve(root), file).split(sep).join('/');
}
