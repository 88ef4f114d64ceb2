import { FileError } from '@ccm/toolkit/errors';
import { MANIFEST_NAME, type Manifest } from './manifest';

/** What the guard needs from each tar header. */
export interface ArchiveEntryHeader {
  path: string;
  type: string;
  linkpath?: string;
  /** Bytes of content the entry writes (0 for links and folders). */
  size: number;
}

const CONTENT_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
/** Deeper symlink chains than this are refused, as the kernel refuses them (ELOOP). */
const MAX_LINK_DEPTH = 40;

/** Thrown for every refused entry: the archive and the entry named, and the promise that nothing was written. */
export function refuseEntry(archive: string, entry: string, reason: string): never {
  throw new FileError({ file: archive }, `refused entry '${entry}': ${reason}; nothing was restored`);
}

/**
 * Refuses an archive that could write outside its targets or fail half-way, before anything is
 * written: a manifest that is not the one first entry, absolute paths, `..`, entries outside the
 * manifest's member roots, the same path twice, device files and FIFOs, hard links out of their
 * member or to anything but a file before them, symlinks resolving outside their member or to one
 * of their own folders (a loop, as `x -> .` is), anything written through a symlink or beneath a
 * file. Backslashes count as separators, as node-tar treats them.
 */
export function checkArchiveEntries(archive: string, manifest: Manifest, entries: ArchiveEntryHeader[]): void {
  const refuse = (entry: string, reason: string): never => refuseEntry(archive, entry, reason);
  const roots = new Map(manifest.members.map((member) => [member.root, member.base]));
  const symlinks = new Map<string, string>();
  const types = new Map<string, string>();
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

  for (const [index, entry] of entries.entries()) {
    if (!CONTENT_TYPES.has(entry.type)) refuse(entry.path, `unsupported entry type ${entry.type}`);
    if (isManifestPath(entry.path)) {
      if (index !== 0) refuse(entry.path, `a second ${MANIFEST_NAME}, or one that is not the first entry`);
      if (entry.type !== 'File') refuse(entry.path, 'the manifest must be a regular file');
      continue;
    }
    if (index === 0) refuse(entry.path, `the first entry must be ${MANIFEST_NAME}`);
    const parts = memberParts(entry.path, entry.path);
    const key = parts.join('/');
    if (types.has(key)) refuse(entry.path, `'${key}' appears twice`);
    if (parts.length === 2 && entry.type !== 'Directory' && !FILE_TYPES.has(entry.type)) {
      refuse(entry.path, `the member's top level must be a folder or a file, not a ${entry.type}`);
    }
    const parent = parts.slice(0, -1).join('/');
    if (parts.length > 2 && types.has(parent) && !['Directory', 'SymbolicLink'].includes(types.get(parent) ?? '')) {
      refuse(entry.path, `written beneath '${parent}', which is not a folder`);
    }
    types.set(key, entry.type);
    if (entry.type === 'SymbolicLink') {
      if (!entry.linkpath || isAbsolutePath(entry.linkpath)) {
        refuse(entry.path, `symlink to absolute or empty target '${entry.linkpath ?? ''}'`);
      }
      symlinks.set(key, entry.linkpath ?? '');
    }
    if (entry.type === 'Link') {
      const linkParts = memberParts(entry.path, entry.linkpath ?? '');
      if (linkParts[0] !== parts[0]) refuse(entry.path, `hard link to '${entry.linkpath}' outside its member root`);
      if (!FILE_TYPES.has(types.get(linkParts.join('/')) ?? '') || linkParts.join('/') === key) {
        refuse(entry.path, `hard link to '${entry.linkpath}', which is not a file earlier in the archive`);
      }
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
    if (entry.type === 'SymbolicLink') {
      const resolved = resolveLink(parts, entry.linkpath ?? '', symlinks);
      if (!resolved) refuse(entry.path, `symlink to '${entry.linkpath}' resolves outside its member root`);
      // A link to one of its own folders (`.`, `..`) makes a loop every tree walk follows forever.
      if (isPrefix(resolved ?? [], parts.slice(0, -1))) {
        refuse(entry.path, `symlink to '${entry.linkpath}' points at a folder that contains it (a loop)`);
      }
    }
  }
}

/** Refuses the archive once its content passes `maxBytes`, naming the entry that crossed it. */
export function checkRestoreSize(archive: string, entry: string, total: number, maxBytes: number): void {
  if (total <= maxBytes) return;
  refuseEntry(
    archive,
    entry,
    `the restore would write more than the size limit of ${formatLimit(maxBytes)} (max-restore-size-mb)`,
  );
}

function formatLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

/** The manifest's own name, however spelt (`./ccm-manifest.json`, `ccm-manifest.json/`). */
export function isManifestPath(path: string): boolean {
  return !isAbsolutePath(path) && segments(path).join('/') === MANIFEST_NAME;
}

function isAbsolutePath(path: string): boolean {
  return /^[/\\]/.test(path) || /^[a-zA-Z]:/.test(path);
}

/** Path segments without empty and `.` parts, so `0/./a//b/` and `0/a/b` compare equal. */
function segments(path: string): string[] {
  return path.split(/[/\\]/).filter((part) => part !== '' && part !== '.');
}

function isPrefix(prefix: string[], parts: string[]): boolean {
  return prefix.length <= parts.length && prefix.every((part, index) => parts[index] === part);
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
 * archive's other symlinks on the way; every step, and the end, must stay at or below `<root>/<base>`.
 */
function resolveLink(link: string[], target: string, symlinks: Map<string, string>): string[] | undefined {
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
    return inside(parts) ? parts : undefined;
  };
  return resolve(link, target, 0);
}
