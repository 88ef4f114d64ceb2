import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '@ccm/toolkit/errors';
import { LedgerBusyError, type LedgerLock } from './ledger';

/** What a lock file holds: who took it, so a waiter can name the holder and a crashed one is detected. */
interface LockOwner {
  holder: string;
  pid: number;
  host: string;
  since: string;
  nonce: string;
}

/**
 * An exclusive lock as a file created with O_EXCL (atomic on local file systems and NFSv3+): held
 * while the file exists. A lock left by a process that died on this host is broken; one from
 * another host is waited for, since its holder's liveness cannot be checked from here.
 */
export async function acquireFileLock(path: string, holder: string, waitMs: number): Promise<LedgerLock> {
  const deadline = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const owner: LockOwner = {
      holder,
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      nonce: randomUUID(),
    };
    if (await tryCreate(path, owner)) return { release: () => releaseIfOurs(path, owner.nonce) };
    const current = await readOwner(path);
    if (current && isDead(current)) {
      await breakStale(path, current);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LedgerBusyError(
        `${path} is held by ${current ? `${current.holder} (pid ${current.pid} on ${current.host}) since ${current.since}` : 'another process'}; waited ${waitMs} ms`,
      );
    }
    await sleep(pause);
  }
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`cannot create the lock ${path}: ${errorMessage(error)}`);
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return true;
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    // Gone since, or still being written by its creator: look again on the next turn.
    return undefined;
  }
}

function isDead(owner: LockOwner): boolean {
  if (owner.host !== hostname() || !Number.isInteger(owner.pid)) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves a dead holder's lock aside, then checks that what moved is that lock: two waiters may both
 * see it dead, and the slower one must not remove the lock the faster one took meanwhile.
 */
async function breakStale(path: string, stale: LockOwner): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = await readOwner(aside);
  if (moved && moved.nonce !== stale.nonce) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

async function releaseIfOurs(path: string, nonce: string): Promise<void> {
  const current = await readOwner(path);
  if (current?.nonce === nonce) await rm(path, { force: true });
}
