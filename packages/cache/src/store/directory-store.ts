import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { errorMessage } from '@ccm/toolkit/errors';
import { packArchive, unpackArchive } from './archive';
import { ARCHIVE_EXTENSIONS, type Compression, preferredCompression } from './compression';
import { portablePath } from './manifest';
import type { CacheStore, RestoreRequest, RestoreResult, SaveRequest, SaveResult } from './store';

/** One saved key: `entries/<sha256 of key>.json`, naming its archive in the same folder. */
interface IndexEntry {
  key: string;
  created: string;
  /** Milliseconds with a fraction (performance clock): orders saves made within one millisecond. */
  order: number;
  size: number;
  /** The saved paths, `~/...` under the home folder; a restore must ask for the same list. */
  paths: string[];
  archive: string;
  compression: Compression;
}

/**
 * A cache in a folder (self-hosted runners, the CLI), with actions/cache semantics: immutable keys,
 * exact key then restore-key prefixes, newest first, only among entries saved with the same paths.
 *
 * Writers never expose a partial file: the archive gets a name of its own, and the key is claimed
 * by hard-linking a complete index file to its final name, which fails when another writer got
 * there first (link(2) never replaces). Readers see either no index or a complete one.
 */
export class DirectoryStore implements CacheStore {
  readonly description: string;
  private readonly entries: string;

  constructor(
    root: string,
    private readonly home = homedir(),
  ) {
    this.entries = join(resolve(root), 'entries');
    this.description = `dir:${resolve(root)}`;
  }

  async restore(request: RestoreRequest): Promise<RestoreResult> {
    const paths = request.paths.map((path) => portablePath(path, this.home));
    const entry = await this.find(request.key, request.restoreKeys, paths);
    if (!entry) return { matchedKey: undefined };
    if (!request.lookupOnly) {
      await unpackArchive(join(this.entries, entry.archive), entry.compression, {
        paths: request.paths,
        home: this.home,
        ...(request.maxBytes === undefined ? {} : { maxBytes: request.maxBytes }),
      });
    }
    return { matchedKey: entry.key, exact: entry.key === request.key };
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const indexFile = this.indexFile(request.key);
    if (await readIndex(indexFile)) return { saved: false, exists: true, reason: `key ${request.key} already saved` };
    await mkdir(this.entries, { recursive: true });
    const compression = await preferredCompression();
    const id = `${sha256(request.key)}-${randomBytes(6).toString('hex')}`;
    const archive = `${id}${ARCHIVE_EXTENSIONS[compression]}`;
    const temporaryIndex = join(this.entries, `.tmp-${id}.json`);
    try {
      const packed = await packArchive(request.paths, join(this.entries, archive), compression, this.home);
      if (packed.packed.length === 0) {
        return { saved: false, exists: false, reason: `none of the paths exist: ${request.paths.join(', ')}` };
      }
      const entry: IndexEntry = {
        key: request.key,
        created: new Date().toISOString(),
        order: performance.timeOrigin + performance.now(),
        size: packed.bytes,
        paths: request.paths.map((path) => portablePath(path, this.home)),
        archive,
        compression,
      };
      await writeFile(temporaryIndex, `${JSON.stringify(entry, null, 2)}\n`);
      if (!(await claim(temporaryIndex, indexFile))) {
        return { saved: false, exists: true, reason: `key ${request.key} was saved by another writer first` };
      }
      return { saved: true, bytes: packed.bytes };
    } catch (error) {
      return { saved: false, exists: false, reason: `${this.description}: ${errorMessage(error)}` };
    } finally {
      await rm(temporaryIndex, { force: true });
      if (!(await this.owns(indexFile, archive))) await rm(join(this.entries, archive), { force: true });
    }
  }

  /** The exact key, else the newest entry whose key starts with each restore key in turn. */
  private async find(key: string, restoreKeys: string[], paths: string[]): Promise<IndexEntry | undefined> {
    const exact = await readIndex(this.indexFile(key));
    if (exact && samePaths(exact.paths, paths)) return exact;
    if (restoreKeys.length === 0) return undefined;
    const all = (await this.allEntries()).filter((entry) => samePaths(entry.paths, paths));
    for (const prefix of restoreKeys) {
      const newest = all.filter((entry) => entry.key.startsWith(prefix)).sort((a, b) => b.order - a.order)[0];
      if (newest) return newest;
    }
    return undefined;
  }

  private async allEntries(): Promise<IndexEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.entries);
    } catch {
      return [];
    }
    const indexes = names.filter((name) => name.endsWith('.json') && !name.startsWith('.tmp-'));
    const entries = await Promise.all(indexes.map((name) => readIndex(join(this.entries, name))));
    return entries.filter((entry) => entry !== undefined);
  }

  private async owns(indexFile: string, archive: string): Promise<boolean> {
    return (await readIndex(indexFile))?.archive === archive;
  }

  private indexFile(key: string): string {
    return join(this.entries, `${sha256(key)}.json`);
  }
}

/** Publishes `temporary` as `final` unless `final` exists: true when this writer won. */
async function claim(temporary: string, final: string): Promise<boolean> {
  try {
    await link(temporary, final);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readIndex(file: string): Promise<IndexEntry | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const entry = JSON.parse(text) as IndexEntry;
    return typeof entry.key === 'string' && Array.isArray(entry.paths) ? entry : undefined;
  } catch {
    return undefined;
  }
}

function samePaths(saved: string[], requested: string[]): boolean {
  return saved.length === requested.length && saved.every((path, index) => path === requested[index]);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
