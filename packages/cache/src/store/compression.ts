import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/** gzip runs everywhere (node:zlib); zstd, when the system has it, compresses several times faster. */
export type Compression = 'gzip' | 'zstd';

export const ARCHIVE_EXTENSIONS: Record<Compression, string> = { gzip: '.tar.gz', zstd: '.tar.zst' };

let zstdAvailable: Promise<boolean> | undefined;

/** zstd when a `zstd` program answers on PATH, else gzip. Asked once per process. */
export function preferredCompression(): Promise<Compression> {
  zstdAvailable ??= new Promise((resolve) => {
    const child = spawn('zstd', ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
  return zstdAvailable.then((available) => (available ? 'zstd' : 'gzip'));
}

/** Writes `source` (a tar stream) to `file`, compressed. */
export async function compressTo(source: Readable, file: string, compression: Compression): Promise<void> {
  if (compression === 'gzip') {
    // Level 6 (zlib's default) buys little over 1 on caches of already-dense files, at twice the time.
    await pipeline(source, createGzip({ level: 1 }), createWriteStream(file));
    return;
  }
  const child = spawn('zstd', ['-q', '-c', '-T0', '-3'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = childExit(child, 'zstd');
  await Promise.all([pipeline(source, child.stdin), pipeline(child.stdout, createWriteStream(file)), exited]);
}

/** The tar stream inside `file`; `done` settles when the decompressor finished (or failed). */
export function decompressFrom(file: string, compression: Compression): { stream: Readable; done: Promise<void> } {
  if (compression === 'gzip') {
    const gunzip = createGunzip();
    return { stream: gunzip, done: pipeline(createReadStream(file), gunzip) };
  }
  const child = spawn('zstd', ['-q', '-d', '-c', '--', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { stream: child.stdout, done: childExit(child, 'zstd') };
}

function childExit(child: ReturnType<typeof spawn>, name: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`${name}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${name} exited with ${signal ?? code}: ${stderr.trim()}`));
    });
  });
}
