import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';

/** One raw tar entry, written as given: no normalisation, no safety checks. */
export interface RawEntry {
  path: string;
  type: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'FIFO';
  body?: string;
  linkpath?: string;
}

/**
 * A gzip'd tar with a valid manifest for one member (`0/<basename of target>`) followed by
 * `entries` exactly as given, built from raw headers so nothing sanitises the hostile parts.
 */
export async function hostileArchive(target: string, entries: RawEntry[]): Promise<Buffer> {
  const manifest = JSON.stringify({ version: 1, members: [{ root: '0', path: target, base: basename(target) }] });
  const blocks: Buffer[] = [];
  for (const entry of [{ path: 'ccm-manifest.json', type: 'File', body: manifest } as RawEntry, ...entries]) {
    const body = Buffer.from(entry.body ?? '');
    const header = new Header({
      path: entry.path,
      type: entry.type,
      linkpath: entry.linkpath,
      size: body.length,
      mode: entry.type === 'Directory' ? 0o755 : 0o644,
      mtime: new Date(0),
      uid: 0,
      gid: 0,
    });
    if (header.encode()) throw new Error(`test archive: ${entry.path} needs a pax header; keep paths short`);
    blocks.push(header.block as Buffer, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
