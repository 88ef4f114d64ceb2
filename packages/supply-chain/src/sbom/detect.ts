import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import { bunLockReader } from './locks/bun';
import { cargoLockReader } from './locks/cargo';
import { composerLockReader } from './locks/composer';
import type { LockReader } from './locks/context';
import { gemfileLockReader } from './locks/gemfile';
import { goModReader } from './locks/go';
import { packageLockReader, shrinkwrapReader } from './locks/npm';
import { pipfileLockReader } from './locks/pipfile';
import { pnpmLockReader } from './locks/pnpm';
import { poetryLockReader } from './locks/poetry';
import { requirementsReader } from './locks/requirements';
import { uvLockReader } from './locks/uv';
import { yarnLockReader } from './locks/yarn';

/**
 * Finds lock files by name in a directory tree. Lock files have fixed names, so the name decides
 * the reader; a file that looks like a lock of a format we do not read becomes a warning.
 */

const READERS: Record<string, LockReader> = {
  'package-lock.json': packageLockReader,
  'npm-shrinkwrap.json': shrinkwrapReader,
  'pnpm-lock.yaml': pnpmLockReader,
  'yarn.lock': yarnLockReader,
  'bun.lock': bunLockReader,
  'poetry.lock': poetryLockReader,
  'uv.lock': uvLockReader,
  'Pipfile.lock': pipfileLockReader,
  'Cargo.lock': cargoLockReader,
  'go.mod': goModReader,
  'composer.lock': composerLockReader,
  'Gemfile.lock': gemfileLockReader,
  'gems.locked': gemfileLockReader,
};

/** Directories that hold installed or built copies, never a project's own lock. */
export const DEFAULT_SKIPPED_DIRECTORIES = [
  'node_modules',
  '.git',
  'vendor',
  'target',
  '.venv',
  'venv',
  '.tox',
  '__pycache__',
  '.yarn',
  '.pnpm-store',
];

/** Lock files of formats we do not read, by name, with what they belong to. */
const UNKNOWN_LOCKS: Record<string, string> = {
  'gradle.lockfile': 'Gradle',
  'buildscript-gradle.lockfile': 'Gradle',
  'packages.lock.json': 'NuGet',
  'paket.lock': 'Paket',
  'mix.lock': 'Mix',
  'Package.resolved': 'Swift Package Manager',
  'Podfile.lock': 'CocoaPods',
  'Cartfile.resolved': 'Carthage',
  'pubspec.lock': 'Dart pub',
  'flake.lock': 'Nix',
  'deno.lock': 'Deno',
  'conan.lock': 'Conan',
  'renv.lock': 'renv',
  'pdm.lock': 'PDM',
  'pixi.lock': 'pixi',
  'conda-lock.yml': 'conda-lock',
  'shard.lock': 'Crystal shards',
  'Manifest.toml': 'Julia',
  'stack.yaml.lock': 'Stack',
  'cabal.project.freeze': 'Cabal',
  'Gopkg.lock': 'dep',
  'glide.lock': 'Glide',
  'bun.lockb': 'bun (binary; `bun install --save-text-lockfile` writes the bun.lock we read)',
  'go.sum': 'Go (a go.sum without its go.mod)',
};

/** Names that look like locks: `*.lock`, `*.lockfile`, `*.lock.<ext>`, `*-lock.<ext>`. */
const LOCK_LIKE = /(\.lock|\.lockfile|\.lock\.[a-z]+|-lock\.(json|ya?ml|toml))$/i;

export interface FoundLock {
  /** Relative to the scanned directory, `/`-separated. */
  path: string;
  reader: LockReader;
}

export interface Detection {
  locks: FoundLock[];
  warnings: string[];
}

export function readerFor(fileName: string, directoryName: string): LockReader | undefined {
  const reader = READERS[fileName];
  if (reader) return reader;
  if (/^requirements.*\.txt$/i.test(fileName)) return requirementsReader;
  if (directoryName === 'requirements' && fileName.endsWith('.txt')) return requirementsReader;
  return undefined;
}

export async function detectLocks(
  root: string,
  skip: readonly string[] = DEFAULT_SKIPPED_DIRECTORIES,
): Promise<Detection> {
  const locks: FoundLock[] = [];
  const warnings: string[] = [];
  const skipped = new Set(skip);
  const walk = async (relative: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(join(root, relative), { withFileTypes: true });
    } catch (error) {
      throw new FileError(
        { file: join(root, relative) },
        `cannot list: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const directoryName = posix.basename(relative);
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) await walk(path);
        continue;
      }
      if (!entry.isFile()) continue;
      const reader = readerFor(entry.name, directoryName);
      if (entry.name === 'package-lock.json' && names.has('npm-shrinkwrap.json')) {
        warnings.push(`${path}: ignored, as npm does, because npm-shrinkwrap.json is beside it`);
        continue;
      }
      if (reader) locks.push({ path, reader });
      else if (entry.name === 'go.sum' && names.has('go.mod')) continue;
      else if (UNKNOWN_LOCKS[entry.name] || LOCK_LIKE.test(entry.name)) {
        const what = UNKNOWN_LOCKS[entry.name] ?? 'an unknown tool';
        warnings.push(
          `${path}: a lock file of a format the SBOM cannot read (${what}); its packages are not in the SBOM`,
        );
      }
    }
  };
  await walk('');
  return { locks, warnings };
}
