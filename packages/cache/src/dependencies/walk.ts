import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DEPENDENCY_COPY_FOLDERS } from '@ccm/toolkit';
import { FileError } from '@ccm/toolkit/errors';
import type { Ecosystem, EcosystemName } from './ecosystems';

/** Installed, built or cached copies of dependencies, and VCS data; build output too: never a project's own lock file. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  ...DEPENDENCY_COPY_FOLDERS,
  'dist',
  'build',
  '.gradle',
]);

/** Deep enough for packages/group/app/android/app; a bound so a stray symlink farm cannot stall the step. */
export const MAX_DEPTH = 8;

export interface FoundLockFile {
  ecosystem: EcosystemName;
  /** Absolute. */
  file: string;
}

export interface WalkOptions {
  /** Absolute folders never entered (cache folders that happen to lie under the root). */
  skipFolders: ReadonlySet<string>;
  maxDepth?: number;
}

/** Every lock file under root, in path order, with the ecosystem it belongs to. Symlinks are not followed. */
export async function findLockFiles(
  root: string,
  ecosystems: readonly Ecosystem[],
  options: WalkOptions,
): Promise<FoundLockFile[]> {
  const found: FoundLockFile[] = [];
  const maxDepth = options.maxDepth ?? MAX_DEPTH;

  async function walk(folder: string, depth: number): Promise<void> {
    const entries = await list(folder);
    const files = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
    const skipHere = new Set<string>();
    for (const name of [...files].sort()) {
      for (const ecosystem of ecosystems) {
        if (!ecosystem.isLockFile(name, files, basename(folder))) continue;
        found.push({ ecosystem: ecosystem.name, file: join(folder, name) });
        for (const skip of ecosystem.skipBeside ?? []) skipHere.add(skip);
      }
    }
    if (depth >= maxDepth) return;
    const folders = entries.filter((entry) => entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name));
    for (const entry of folders) {
      const path = join(folder, entry.name);
      if (skipHere.has(entry.name) || options.skipFolders.has(path)) continue;
      await walk(path, depth + 1);
    }
  }

  await walk(root, 0);
  return found.sort((a, b) => compare(a.file, b.file) || compare(a.ecosystem, b.ecosystem));
}

async function list(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new FileError({ file: folder }, `cannot list the folder: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** Code-unit order: the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
