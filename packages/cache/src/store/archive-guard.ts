import { FileError } from '@ccm/toolkit/errors';
import { MANIFEST_NAME, type Manifest } from './manifest';

/** What the guard needs from each tar header. */
export interface ArchiveEntryHeader {
  path: string;
  type: string;
  linkpath?: string;
}

const CONTENT_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);
/** Deeper symlink chains than this are refused, as the kernel refuses them (ELOOP). */
const MAX_LINK_DEPTH = 40;

/**
 * Refuses an archive that could write outside its targets, before anything is written: absolute
 * paths, `..`, entries outside the manifest's member roots, device files, hard links out of their
 * member, symlinks resolving outside their member (following the archive's own symlinks), and
 * anything written through a symlink. Backslashes count as separators, as node-tar treats them.
 */
export function checkArchiveEntries(archive: string, manifest: Manifest, entries: ArchiveEntryHeader[]): void {
  const refuse = (entry: string, reason: string): never => {
    throw new FileError({ file: archive }, `refused entry '${entry}': ${reason}; nothing was restored`);
  };
  const roots = new Map(manifest.members.map((member) => [member.root, member.base]));
  const symlinks = new Map<string, string>();
  const checked: { entry: ArchiveEntryHeader; parts: string[]; linkParts?: string[] }[] = [];

  const memberParts = (entry: string, path: string): string[] => {
    if (isAbsolutePath(path)) refuse(entry, `absolute path '${path}'`);
    const parts = segments(path);
    if (parts.includes('..')) refuse(entry, `'..' in path '${path}'`);
    const [root, base] = parts;
    if (root === undefined || base === undefined || roots.get(root) !== base) {
      refuse(entry, `'${path}' is not under a member root of the manifest`);
    }
    return parts;
  };

  for (const entry of entries) {
    if (!CONTENT_TYPES.has(entry.type)) refuse(entry.path, `unsupported entry type ${entry.type}`);
    if (segments(entry.path).join('/') === MANIFEST_NAME && !isAbsolutePath(entry.path)) {
      if (entry.type !== 'File') refuse(entry.path, 'the manifest must be a regular file');
      continue;
    }
    const parts = memberParts(entry.path, entry.path);
    if (entry.type === 'SymbolicLink') {
      if (!entry.linkpath || isAbsolutePath(entry.linkpath)) {
        refuse(entry.path, `symlink to absolute or empty target '${entry.linkpath ?? ''}'`);
      }
      symlinks.set(parts.join('/'), entry.linkpath ?? '');
    }
    if (entry.type === 'Link') {
      const linkParts = memberParts(entry.path, entry.linkpath ?? '');
      if (linkParts[0] !== parts[0]) refuse(entry.path, `hard link to '${entry.linkpath}' outside its member root`);
      checked.push({ entry, parts, linkParts });
    } else {
      checked.push({ entry, parts });
    }
  }

  for (const { entry, parts, linkParts } of checked) {
    for (const path of linkParts ? [parts, linkParts] : [parts]) {
      const through = throughSymlink(path, symlinks);
      if (through) refuse(entry.path, `written through the symlink '${through}'`);
    }
    if (entry.type === 'SymbolicLink' && !resolvesInside(parts, entry.linkpath ?? '', symlinks)) {
      refuse(entry.path, `symlink to '${entry.linkpath}' resolves outside its member root`);
    }
  }
}

function isAbsolutePath(path: string): boolean {
  return /^[/\\]/.test(path) || /^[a-zA-Z]:/.test(path);
}

/** Path segments without empty and `.` parts, so `0/./a//b/` and `0/a/b` compare equal. */
function segments(path: string): string[] {
  return path.split(/[/\\]/).filter((part) => part !== '' && part !== '.');
}

/** The first proper ancestor of `parts` that is a symlink in the archive, if any. */
function throughSymlink(parts: string[], symlinks: Map<string, string>): string | undefined {
  for (let length = 2; length < parts.length; length++) {
    const ancestor = parts.slice(0, length).join('/');
    if (symlinks.has(ancestor)) return ancestor;
  }
  return undefined;
}

/**
 * Resolves the symlink at `link` the way the file system would once extracted, expanding the
 * archive's other symlinks on the way; every step must stay at or below `<root>/<base>`.
 */
function resolvesInside(link: string[], target: string, symlinks: Map<string, string>): boolean {
  const [root, base] = link;
  const inside = (parts: string[]) => parts.length >= 2 && parts[0] === root && parts[1] === base;

  const resolve = (from: string[], target: string, depth: number): string[] | undefined => {
    if (depth > MAX_LINK_DEPTH) return undefined;
    let parts = from.slice(0, -1);
    for (const segment of segments(target)) {
      if (segment === '..') parts = parts.slice(0, -1);
      else parts = [...parts, segment];
      if (!inside(parts)) return undefined;
      const next = symlinks.get(parts.join('/'));
      if (next !== undefined) {
        const resolved = resolve(parts, next, depth + 1);
        if (!resolved) return undefined;
        parts = resolved;
      }
    }
    return parts;
  };
  return resolve(link, target, 0) !== undefined;
}
