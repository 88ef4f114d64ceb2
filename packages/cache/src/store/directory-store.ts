import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { errorMessage } from '@ccm/toolkit/errors';
import { packArchive, unpackArchive } from './archive';
import { ARCHIVE_EXTENSIONS, type Compression, preferredCompression } from './compression';
import { copyHashing, entryMac, type SignedFields, type StoreKey, verifyEntry } from './entry-signature';
import { portablePath } from './manifest';
import type { CacheStore, RestoreRequest, RestoreResult, SaveRequest, SaveResult } from './store';

/** One saved key: `entries/<sha256 of key>.json`, naming its archive in the same folder. */
interface IndexEntry extends SignedFields {
  compression: Compression;
  /** HMAC-SHA256 over the other fields with the store key (see entry-signature.ts); absent without a key. */
  mac?: string;
}

/**
 * A cache in a folder (self-hosted runners, the CLI), with actions/cache semantics: immutable keys,
 * exact key then restore-key prefixes, newest first, only among entries saved with the same paths.
 *
 * Writers never expose a partial file: the archive gets a name of its own, and the key is claimed
 * by hard-linking a complete index file to its final name, which fails when another writer got
 * there first (link(2) never replaces). Readers see either no index or a complete one.
 *
 * Whoever can write the folder can plant entries. With a store key every entry carries an HMAC
 * over its index and its archive's sha256; an entry without a valid one is refused (skipped, and
 * named in the result), and an archive is copied to a private file and checked before unpacking,
 * so it cannot be swapped between the check and the restore.
 */
export class DirectoryStore implements CacheStore {
  readonly description: string;
  private readonly root: string;
  private readonly entries: string;

  constructor(
    root: string,
    private readonly home = homedir(),
    private readonly key?: StoreKey,
  ) {
    this.root = resolve(root);
    this.entries = join(this.root, 'entries');
    this.description = `dir:${resolve(root)}`;
  }

  async restore(request: RestoreRequest): Promise<RestoreResult> {
    const paths = request.paths.map((path) => portablePath(path, this.home));
    const { entry, refused } = await this.find(request.key, request.restoreKeys, paths);
    const notes = refused.length > 0 ? { notes: refused } : {};
    if (!entry) {
      return refused.length > 0 ? { matchedKey: undefined, reason: refused.join('; ') } : { matchedKey: undefined };
    }
    if (!request.lookupOnly) {
      const privateCopy = await mkdtemp(join(tmpdir(), 'ccm-restore-'));
      try {
        const copy = join(privateCopy, entry.archive);
        const archive = join(this.entries, entry.archive);
        const sha256 = await copyHashing(archive, copy);
        if (entry.archiveSha256 !== undefined && sha256 !== entry.archiveSha256) {
          const reason = `${this.description}: the archive of ${entry.key} does not match its index (sha256 ${sha256}, expected ${entry.archiveSha256}): refused`;
          return { matchedKey: undefined, reason: [...refused, reason].join('; ') };
        }
        await unpackArchive(copy, entry.compression, {
          paths: request.paths,
          home: this.home,
          shownAs: archive,
          ...(request.maxBytes === undefined ? {} : { maxBytes: request.maxBytes }),
        });
      } finally {
        await rm(privateCopy, { recursive: true, force: true });
      }
    }
    return { matchedKey: entry.key, exact: entry.key === request.key, ...notes };
  }

  /**
   * The store key, else the store's own random secret (`fingerprint-secret`, made on first use):
   * readers of the folder can read the entries anyway; readers of logs and keys cannot guess values.
   */
  async fingerprintKey(): Promise<string> {
    if (this.key) return this.key;
    const file = join(this.root, 'fingerprint-secret');
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    if (existing?.trim()) return existing.trim();
    await mkdir(this.root, { recursive: true });
    const temporary = join(this.root, `.tmp-secret-${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(temporary, `${randomBytes(32).toString('hex')}\n`, { mode: 0o640 });
      await claim(temporary, file);
    } finally {
      await rm(temporary, { force: true });
    }
    return (await readFile(file, 'utf8')).trim();
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
        archiveSha256: await copyHashing(join(this.entries, archive)),
      };
      if (this.key) entry.mac = entryMac(this.key, entry);
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

  /**
   * The exact key, else the newest entry whose key starts with each restore key in turn, among the
   * entries this store can trust; `refused` names the ones it skipped, and why.
   */
  private async find(
    key: string,
    restoreKeys: string[],
    paths: string[],
  ): Promise<{ entry?: IndexEntry; refused: string[] }> {
    const refused: string[] = [];
    const trusted = (found: { file: string; entry: IndexEntry }) => {
      const problem = verifyEntry(this.key, found.entry);
      if (problem) refused.push(`${found.file}: ${problem}`);
      return problem === undefined;
    };
    const exactFile = this.indexFile(key);
    const exact = await readIndex(exactFile);
    if (exact && samePaths(exact.paths, paths) && trusted({ file: exactFile, entry: exact })) {
      return { entry: exact, refused };
    }
    if (restoreKeys.length === 0) return { refused };
    const all = (await this.allEntries()).filter(({ entry }) => entry.key !== key && samePaths(entry.paths, paths));
    for (const prefix of restoreKeys) {
      const matching = all
        .filter(({ entry }) => entry.key.startsWith(prefix))
        .sort((a, b) => b.entry.order - a.entry.order);
      const newest = matching.find(trusted);
      if (newest) return { entry: newest.entry, refused };
    }
    return { refused };
  }

  private async allEntries(): Promise<{ file: string; entry: IndexEntry }[]> {
    let names: string[];
    try {
      names = await readdir(this.entries);
    } catch {
      return [];
    }
    const indexes = names.filter((name) => name.endsWith('.json') && !name.startsWith('.tmp-'));
    const entries = await Promise.all(
      indexes.map(async (name) => ({
        file: join(this.entries, name),
        entry: await readIndex(join(this.entries, name)),
      })),
    );
    return entries.filter((found): found is { file: string; entry: IndexEntry } => found.entry !== undefined);
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
    const valid =
      typeof entry.key === 'string' &&
      Array.isArray(entry.paths) &&
      entry.paths.every((path) => typeof path === 'string') &&
      typeof entry.order === 'number' &&
      // The archive sits beside its index: a bare name, never a path to somewhere else.
      typeof entry.archive === 'string' &&
      /^[0-9a-f]{64}-[0-9a-f]{12}\.tar\.(?:gz|zst)$/.test(entry.archive) &&
      (entry.compression === 'gzip' || entry.compression === 'zstd');
    return valid ? entry : undefined;
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
