import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';

/** One raw tar entry, written as given: no normalisation, no safety checks. */
export interface RawEntry {
  path: string;
  type: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'FIFO' | 'CharacterDevice' | 'BlockDevice';
  body?: string | Buffer;
  linkpath?: string;
  /** Default 0o755 for folders, 0o644 otherwise; setuid and friends go here. */
  mode?: number;
  /** A pax extended header before the entry whose `path` replaces the header's (what a reader must honour). */
  paxPath?: string;
}

export interface RawMember {
  root: string;
  path: string;
  base: string;
}

/** The manifest entry of ccm's archive format (store/manifest.ts), with whatever members it is given. */
export function manifestEntry(members: RawMember[]): RawEntry {
  return { path: 'ccm-manifest.json', type: 'File', body: JSON.stringify({ version: 1, members }) };
}

/** A gzip'd tar of `entries` exactly as given, built from raw headers so nothing sanitises the hostile parts. */
export function rawArchive(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = typeof entry.body === 'string' ? Buffer.from(entry.body) : (entry.body ?? Buffer.alloc(0));
    const header = new Header({
      path: entry.path,
      type: entry.type,
      linkpath: entry.linkpath,
      size: body.length,
      mode: entry.mode ?? (entry.type === 'Directory' ? 0o755 : 0o644),
      mtime: new Date(0),
      uid: 0,
      gid: 0,
    });
    if (header.encode()) throw new Error(`test archive: ${entry.path} needs a pax header; keep paths short`);
    if (entry.paxPath !== undefined) blocks.push(new Pax({ path: entry.paxPath, mtime: new Date(0) }).encode());
    blocks.push(header.block as Buffer, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/**
 * A gzip'd tar with a valid manifest for one member (`0/<basename of target>`) followed by
 * `entries` exactly as given.
 */
export async function hostileArchive(target: string, entries: RawEntry[]): Promise<Buffer> {
  return rawArchive([manifestEntry([{ root: '0', path: target, base: basename(target) }]), ...entries]);
}
