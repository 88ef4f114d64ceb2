import { homedir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The archive member holding the manifest; every other member lives under a numbered root. */
export const MANIFEST_NAME = 'ccm-manifest.json';

/** One cached path: archived as `<root>/<base>/...` and restored to `path` (with `~` expanded). */
export interface ManifestMember {
  root: string;
  /** The path as saved, `~/...` when under the home folder so caches move between users. */
  path: string;
  /** The last segment of the path: the single top-level name under the member root. */
  base: string;
}

export interface Manifest {
  version: 1;
  members: ManifestMember[];
}

/** `~/x` for paths under `home`, else the absolute path; always `/`-separated after the `~`. */
export function portablePath(path: string, home = homedir()): string {
  const absolute = resolve(path);
  const fromHome = relative(home, absolute);
  if (fromHome === '') return '~';
  if (!fromHome.startsWith('..') && !isAbsolute(fromHome)) return `~/${fromHome.split(sep).join('/')}`;
  return absolute;
}

/** The absolute path a portable path stands for on this machine. */
export function localPath(portable: string, home = homedir()): string {
  if (portable === '~') return home;
  if (portable.startsWith('~/')) return join(home, ...portable.slice(2).split('/'));
  return portable;
}

export function buildManifest(paths: string[], home = homedir()): Manifest {
  return {
    version: 1,
    members: paths.map((path, index) => ({
      root: String(index),
      path: portablePath(path, home),
      base: basename(path),
    })),
  };
}

/** The manifest from its JSON text; `undefined` when it is not one we wrote (the caller names the archive). */
export function parseManifest(text: string): Manifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, members } = value as { version?: unknown; members?: unknown };
  if (version !== 1 || !Array.isArray(members)) return undefined;
  const valid = members.every(
    (member: unknown, index) =>
      typeof member === 'object' &&
      member !== null &&
      (member as ManifestMember).root === String(index) &&
      typeof (member as ManifestMember).path === 'string' &&
      isSafeName((member as ManifestMember).base),
  );
  return valid ? (value as Manifest) : undefined;
}

/** A single path segment that cannot climb or nest: the member's top-level name. */
function isSafeName(name: unknown): boolean {
  return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);
}
