import { readlinkSync, type Stats } from 'node:fs';
import { lstat, mkdir, mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { FileError } from '@ccm/toolkit/errors';
import { Pack, Parser, type ReadEntry, Unpack } from 'tar';
import {
  type ArchiveEntryHeader,
  checkArchiveEntries,
  checkRestoreSize,
  isManifestPath,
  refuseEntry,
} from './archive-guard';
import { type Compression, compressTo, decompressFrom } from './compression';
import { buildManifest, localPath, MANIFEST_NAME, type Manifest, parseManifest } from './manifest';

export interface PackResult {
  /** Size of the archive file. */
  bytes: number;
  /** The paths archived, in member order. */
  packed: string[];
  /** Requested paths that did not exist: skipped, not an error. */
  missing: string[];
  /** Symlinks left out because they point outside their path or at a folder holding them (restore would refuse them). */
  skippedLinks: string[];
}

/** Two zero blocks end a tar stream; every part but the last loses them when parts are joined. */
const TAR_END_BYTES = 1024;
/** Manifests are a few hundred bytes; a huge one is not ours. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * Packs absolute `paths` (files or folders) into one compressed tar: the manifest first, then each
 * path under its own member root (`0/<name>/...`, `1/<name>/...`). Each member is its own node-tar
 * Pack with its own hard-link cache, so no hard link crosses members (restore puts members in
 * different places).
 */
export async function packArchive(
  paths: string[],
  file: string,
  compression: Compression,
  home = homedir(),
): Promise<PackResult> {
  const packed: string[] = [];
  const missing: string[] = [];
  const skippedLinks: string[] = [];
  for (const path of paths) {
    if (await exists(path)) packed.push(path);
    else missing.push(path);
  }
  const manifest = buildManifest(packed, home);
  const manifestDir = await mkdtemp(join(tmpdir(), 'ccm-manifest-'));
  try {
    await writeFile(join(manifestDir, MANIFEST_NAME), JSON.stringify(manifest));
    const parts: (() => Promise<Pack>)[] = [
      async () => packOf(manifestDir, MANIFEST_NAME),
      ...packed.map((path, index) => () => memberPack(path, String(index), skippedLinks)),
    ];
    await compressTo(Readable.from(joinTars(parts)), file, compression);
  } finally {
    await rm(manifestDir, { recursive: true, force: true });
  }
  return { bytes: (await stat(file)).size, packed, missing, skippedLinks };
}

/** What a restore may write, and how much. */
export interface UnpackRequest {
  /** The absolute paths the step asked for: the only places a member may be restored to. */
  paths: string[];
  home?: string;
  /** Refuse an archive whose content is larger than this (file sizes plus 512 bytes per entry). */
  maxBytes?: number;
  /** The archive's name in errors, when `file` is a private copy of it. Default: `file`. */
  shownAs?: string;
}

/** Generous: ten times a large node_modules, and the GitHub service's whole-repository quota. */
export const DEFAULT_MAX_RESTORE_BYTES = 10 * 1024 * 1024 * 1024;

/**
 * Restores each member of `file` to the requested path its manifest names (`~` is this user's
 * home). The manifest cannot choose a destination: a member whose path is not one of
 * `request.paths`, two members for one path, and every hostile entry (see checkArchiveEntries)
 * refuse the whole restore, naming the archive and the entry, before anything is written.
 * setuid, setgid and sticky bits are dropped: a cache restores files, never privileges.
 */
export async function unpackArchive(file: string, compression: Compression, request: UnpackRequest): Promise<string[]> {
  const home = request.home ?? homedir();
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_RESTORE_BYTES;
  const shown = request.shownAs ?? file;
  const { manifest, entries } = await readListing(file, compression, maxBytes, shown);
  const targets = memberTargets(shown, manifest, request.paths, home);
  checkArchiveEntries(shown, manifest, entries);
  const restored: string[] = [];
  for (const [index, member] of manifest.members.entries()) {
    const target = targets[index] as string;
    await mkdir(dirname(target), { recursive: true });
    const unpack = new Unpack({
      cwd: dirname(target),
      strip: 1,
      strict: true,
      preserveOwner: false,
      filter: (path, entry) => {
        if ('mode' in entry && typeof entry.mode === 'number') entry.mode &= 0o777;
        return path.split(/[/\\]/)[0] === member.root;
      },
    });
    await streamInto(file, compression, unpack, shown);
    restored.push(target);
  }
  return restored;
}

/** Where each member goes: one of the requested paths, each at most once, under its own last name. */
function memberTargets(file: string, manifest: Manifest, paths: string[], home: string): string[] {
  const requested = new Set(paths.map((path) => resolve(path)));
  const taken = new Set<string>();
  return manifest.members.map((member) => {
    const destination = localPath(member.path, home);
    const target = isAbsolute(destination) ? resolve(destination) : undefined;
    if (target === undefined || !requested.has(target)) {
      refuseEntry(
        file,
        MANIFEST_NAME,
        `member ${member.root} names '${member.path}', which this restore did not ask for`,
      );
    }
    if (taken.has(target)) refuseEntry(file, MANIFEST_NAME, `two members name '${member.path}'`);
    if (basename(target) !== member.base) {
      refuseEntry(file, MANIFEST_NAME, `member ${member.root} (${member.path}) cannot be restored under another name`);
    }
    taken.add(target);
    return target;
  });
}

/**
 * Every entry header and the manifest, reading the archive once without writing anything. Stops
 * reading as soon as the content passes `maxBytes`: a small archive can unpack to a huge one.
 */
async function readListing(
  file: string,
  compression: Compression,
  maxBytes: number,
  shown: string,
): Promise<{ manifest: Manifest; entries: ArchiveEntryHeader[] }> {
  const entries: ArchiveEntryHeader[] = [];
  let manifestText: string | undefined;
  let total = 0;
  let oversize: string | undefined;
  const { stream, done } = decompressFrom(file, compression);
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const size = entry.size ?? 0;
      entries.push({ path: entry.path, type: entry.type, linkpath: entry.linkpath, size });
      total += size + 512;
      if (oversize === undefined && total > maxBytes) {
        oversize = entry.path;
        stream.unpipe(parser);
        stream.destroy();
        parser.abort(new Error(`over the size limit at ${entry.path}`));
      }
      if (entries.length === 1 && isManifestPath(entry.path) && entry.type === 'File' && size <= MAX_MANIFEST_BYTES) {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          manifestText = Buffer.concat(chunks).toString('utf8');
        });
      }
      entry.resume();
    },
  });
  try {
    await consume(stream, done, parser);
  } catch (error) {
    if (oversize === undefined) {
      throw new FileError(
        { file: shown },
        `cannot read cache archive: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
  if (oversize !== undefined) checkRestoreSize(shown, oversize, total, maxBytes);
  const manifest = manifestText === undefined ? undefined : parseManifest(manifestText);
  if (!manifest) {
    throw new FileError({ file: shown }, `not a ccm cache archive: no valid ${MANIFEST_NAME} as its first entry`);
  }
  return { manifest, entries };
}

/** Feeds the decompressed archive into a node-tar Parser or Unpack and waits for both ends. */
async function streamInto(file: string, compression: Compression, sink: Parser, shown: string): Promise<void> {
  const { stream, done } = decompressFrom(file, compression);
  try {
    await consume(stream, done, sink);
  } catch (error) {
    throw new FileError(
      { file: shown },
      `cannot read cache archive: ${error instanceof Error ? error.message : error}`,
    );
  }
}

async function consume(stream: Readable, done: Promise<void>, sink: Parser): Promise<void> {
  const consumed = new Promise<void>((resolve, reject) => {
    sink.on('error', reject);
    sink.on(sink instanceof Unpack ? 'close' : 'end', () => resolve());
    stream.on('error', reject);
  });
  stream.pipe(sink);
  try {
    await Promise.all([consumed, done]);
  } catch (error) {
    stream.destroy();
    throw error;
  }
}

/** A member: `<root>/<name>/...`. A path that is itself a symlink is archived as what it points to. */
async function memberPack(path: string, root: string, skippedLinks: string[]): Promise<Pack> {
  const real = await realpath(path);
  const name = basename(path);
  const realName = basename(real);
  const keep = (entryPath: string, stats: Stats | ReadEntry) => {
    if (!('isSymbolicLink' in stats) || !stats.isSymbolicLink()) return true;
    const absolute = join(dirname(real), entryPath);
    const target = readlinkSync(absolute);
    const resolved = resolve(dirname(absolute), target);
    // Kept only when the restore would take it: relative, inside the path, and not a loop to its own folder.
    const inside = !isAbsolute(target) && isWithin(real, resolved) && !isWithin(resolved, dirname(absolute));
    if (!inside) skippedLinks.push(absolute);
    return inside;
  };
  return packOf(dirname(real), realName, root, keep, (entryPath) =>
    realName === name ? entryPath : name + entryPath.slice(realName.length),
  );
}

function isWithin(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot === '' || (!fromRoot.startsWith('..') && !isAbsolute(fromRoot));
}

function packOf(
  cwd: string,
  name: string,
  prefix?: string,
  filter?: (path: string, stats: Stats | ReadEntry) => boolean,
  rename?: (path: string) => string,
): Pack {
  const pack = new Pack({
    cwd,
    prefix,
    filter,
    // Not `portable`: it forces owner read-write on every mode; owners are not restored anyway.
    strict: true,
    // Files stat'ed and read at once: node-tar's default of 4 leaves a tree of small files waiting
    // on the disk (16 made node-tar's own packing of 100 MiB of node_modules 20-30% faster here).
    jobs: 16,
    onWriteEntry: rename
      ? (entry) => {
          entry.path = rename(entry.path);
          if (entry.type === 'Link' && entry.linkpath) entry.linkpath = rename(entry.linkpath);
        }
      : undefined,
  });
  pack.add(name);
  pack.end();
  return pack;
}

/** One tar stream from several: the end blocks of all but the last part are held back. */
async function* joinTars(parts: (() => Promise<Pack>)[]): AsyncGenerator<Buffer> {
  for (const [index, make] of parts.entries()) {
    const last = index === parts.length - 1;
    let held: Buffer = Buffer.alloc(0);
    for await (const chunk of await make()) {
      const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      if (last) {
        yield data;
        continue;
      }
      const joined = held.length === 0 ? data : Buffer.concat([held, data]);
      if (joined.length > TAR_END_BYTES) yield joined.subarray(0, joined.length - TAR_END_BYTES);
      held = joined.subarray(Math.max(0, joined.length - TAR_END_BYTES));
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
