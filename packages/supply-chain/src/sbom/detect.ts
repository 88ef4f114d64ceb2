import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { DEPENDENCY_COPY_FOLDERS } from '@ccm/toolkit';
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
export const DEFAULT_SKIPPED_DIRECTORIES = DEPENDENCY_COPY_FOLDERS;

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

/**
 * Manifests that declare dependencies, with the lock the SBOM reads for them: when no lock was read,
 * the warning names the manifests seen and what each needs.
 */
const MANIFEST_LOCKS: Record<string, string> = {
  'package.json': 'package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock',
  'pyproject.toml': 'poetry.lock, uv.lock or a pinned requirements.txt',
  Pipfile: 'Pipfile.lock',
  'setup.py': 'a pinned requirements.txt',
  'setup.cfg': 'a pinned requirements.txt',
  'requirements.in': 'requirements.txt (pip-compile)',
  'Cargo.toml': 'Cargo.lock',
  'composer.json': 'composer.lock',
  Gemfile: 'Gemfile.lock',
  'gems.rb': 'gems.locked',
};

/** A manifest seen in the tree, and the lock the SBOM would read for it. */
export interface SeenManifest {
  path: string;
  needs: string;
}

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
  /** Dependency manifests seen, in walk order. */
  manifests: SeenManifest[];
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
  const finder = new LockFinder(root, new Set(skip));
  await finder.walk('');
  return { locks: finder.locks, warnings: finder.warnings, manifests: finder.manifests };
}

/** The walk of a tree, in name order, collecting locks and warnings. */
class LockFinder {
  readonly locks: FoundLock[] = [];
  readonly warnings: string[] = [];
  readonly manifests: SeenManifest[] = [];

  constructor(
    private readonly root: string,
    private readonly skipped: ReadonlySet<string>,
  ) {}

  async walk(relative: string): Promise<void> {
    const entries = await this.#list(relative);
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const directoryName = posix.basename(relative);
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!this.skipped.has(entry.name)) await this.walk(path);
      } else if (entry.isFile()) this.#file(path, entry.name, directoryName, names);
    }
  }

  async #list(relative: string): Promise<Dirent[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(join(this.root, relative), { withFileTypes: true });
    } catch (error) {
      throw new FileError(
        { file: join(this.root, relative) },
        `cannot list: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A file: a lock we read, one npm ignores, go.sum beside its go.mod, or a lock of a format we do not read. */
  #file(path: string, name: string, directoryName: string, siblings: Set<string>): void {
    if (name === 'package-lock.json' && siblings.has('npm-shrinkwrap.json')) {
      this.warnings.push(`${path}: ignored, as npm does, because npm-shrinkwrap.json is beside it`);
      return;
    }
    const needs = MANIFEST_LOCKS[name];
    if (needs) this.manifests.push({ path, needs });
    const reader = readerFor(name, directoryName);
    if (reader) this.locks.push({ path, reader });
    else if (name === 'go.sum' && siblings.has('go.mod')) return;
    else if (UNKNOWN_LOCKS[name] || LOCK_LIKE.test(name)) {
      const what = UNKNOWN_LOCKS[name] ?? 'an unknown tool';
      this.warnings.push(
        `${path}: a lock file of a format the SBOM cannot read (${what}); its packages are not in the SBOM`,
      );
    }
  }
}
