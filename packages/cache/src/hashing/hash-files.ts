import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FileError } from '@ccm/toolkit/errors';
import { HASH_WORKER_SOURCE } from './hash-worker';

export interface HashFilesOptions {
  /** Worker threads to hash with. Default: one per CPU (at most 8); fewer for short lists. */
  threads?: number;
}

/** Below this many files, starting threads (about 30 ms each) costs more than it saves. */
const IN_THREAD_LIMIT = 64;
/** Files per message: large enough that messaging is noise, small enough that threads finish together. */
const BATCH = 128;
const MAX_THREADS = 8;

type WorkerAnswer = { id: number; hashes: (string | { error: string })[] };

/**
 * The sha256 hex of each file's content, keyed by the given absolute path. Long lists are hashed by
 * worker threads reading synchronously (see hash-worker.ts for why); a read failure is a FileError
 * naming the file.
 */
export async function hashFiles(
  files: readonly string[],
  options: HashFilesOptions = {},
): Promise<Map<string, string>> {
  const unique = [...new Set(files)];
  if (unique.length < IN_THREAD_LIMIT && options.threads === undefined) return hashInThread(unique);
  const threads = Math.max(
    1,
    Math.min(options.threads ?? Math.min(availableParallelism(), MAX_THREADS), Math.ceil(unique.length / BATCH)),
  );
  return hashInWorkers(unique, threads);
}

async function hashInThread(files: readonly string[]): Promise<Map<string, string>> {
  const hashes = await Promise.all(files.map(streamHash));
  return new Map(files.map((file, i) => [file, hashes[i] as string]));
}

async function streamHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    throw readError(file, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  return hash.digest('hex');
}

/** Batches handed out on demand, so a thread that drew large files does not hold the others up. */
async function hashInWorkers(files: readonly string[], threads: number): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const workers = Array.from({ length: threads }, () => new Worker(HASH_WORKER_SOURCE, { eval: true }));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= files.length) return resolve();
              const id = next;
              next += BATCH;
              worker.postMessage({ id, files: files.slice(id, id + BATCH) });
            };
            worker.on('message', ({ id, hashes }: WorkerAnswer) => {
              for (let i = 0; i < hashes.length; i++) {
                const file = files[id + i] as string;
                const hash = hashes[i] as WorkerAnswer['hashes'][number];
                if (typeof hash !== 'string') return reject(readError(file, hash.error));
                result.set(file, hash);
              }
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => reject(new Error(`hash worker exited early with code ${code}`)));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return result;
}

function readError(file: string, reason: string): FileError {
  return new FileError({ file }, `cannot read the file to fingerprint it: ${reason}`);
}
