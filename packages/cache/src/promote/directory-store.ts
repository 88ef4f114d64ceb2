import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileError } from '@ccm/toolkit/errors';
import type { ArtifactStore } from './artifact-store';
import { digestHex } from './digest';

/**
 * Artifacts in a folder as `<root>/artifacts/sha256/<hex>`, for self-hosted runners and the CLI.
 * A put writes a temp file beside its target and links it into place: a reader never sees a partial
 * file, and of two concurrent writers of one digest exactly one stores it.
 */
export class DirectoryArtifactStore implements ArtifactStore {
  readonly description: string;
  private readonly folder: string;

  constructor(root: string) {
    this.description = `dir:${root}`;
    this.folder = join(root, 'artifacts', 'sha256');
  }

  async put(file: string, digest: string): Promise<boolean> {
    const target = this.pathOf(digest);
    if (await exists(target)) return false;
    await mkdir(this.folder, { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      // Hash while copying: a file rewritten since its digest was taken must not be stored under it.
      const actual = await copyHashing(file, temp);
      if (actual !== digest) {
        throw new FileError(
          { file },
          `changed while it was being promoted: expected ${digest}, copied bytes hash to ${actual}`,
        );
      }
      return await linkIntoPlace(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
  }

  async get(digest: string, destination: string): Promise<boolean> {
    try {
      await copyFile(this.pathOf(digest), destination);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(await exists(this.pathOf(digest)))) return false;
      throw error;
    }
  }

  private pathOf(digest: string): string {
    return join(this.folder, digestHex(digest));
  }
}

/** Copies source to a new file at target and returns the `sha256:` digest of the bytes written. */
async function copyHashing(source: string, target: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(source), tap, createWriteStream(target, { flags: 'wx' }));
  return `sha256:${hash.digest('hex')}`;
}

/**
 * link() fails when the target exists, so the first writer wins and a later one learns it lost
 * (rename would silently replace). Where hard links are unsupported, rename: same bytes either way.
 */
async function linkIntoPlace(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
  }
  if (await exists(target)) return false;
  await rename(temp, target);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
