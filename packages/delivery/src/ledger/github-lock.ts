import { randomUUID } from 'node:crypto';
import type { getOctokit } from '@actions/github';
import { type Clock, formatDuration } from '../clock';
import { apiCall, apiError, GitHubApiError, statusOf } from './github-api';
import { LedgerBusyError, type LedgerLock } from './ledger';
import { environmentKey } from './store-helpers';

type Octokit = ReturnType<typeof getOctokit>;

export interface RefLockOptions {
  octokit: Octokit;
  repository: { owner: string; repo: string };
  /** A commit of the repository (GITHUB_SHA) for the lock's tag object to point at. */
  commit: string;
  /** A lock older than this is a crashed job's, and is broken. */
  expiryMs: number;
  /** How often a waiter looks again (each look is one or two requests against the rate limit). */
  pollMs: number;
  clock: Clock;
}

/** What the lock's tag object says: who holds it and since when. */
interface LockNote {
  holder: string;
  since: string;
  nonce: string;
}

/**
 * A mutex GitHub itself enforces: creating a git ref is atomic, and `POST /git/refs` answers 422 when
 * the ref exists. The ref (`refs/ccm-locks/<environment hashed>`, outside branches and tags so no
 * workflow or clone sees it) points at an annotated tag object whose message names the holder and
 * the time, so a waiter can say who holds it and break a lock older than the expiry (a job that
 * crashed without releasing). Needs the token's `contents: write`. A workflow-level `concurrency:`
 * group per environment remains the first line of defence; this lock catches what it does not
 * (other workflows, reruns, the CLI).
 */
export async function acquireRefLock(
  options: RefLockOptions,
  environment: string,
  holder: string,
  waitMs: number,
): Promise<LedgerLock> {
  const { octokit, repository, clock } = options;
  const name = `ccm-locks/${environmentKey(environment)}`;
  const where = `${repository.owner}/${repository.repo}`;
  const deadline = clock.now() + waitMs;
  for (;;) {
    const current = await readLock(options, name);
    if (!current) {
      const note: LockNote = { holder, since: new Date(clock.now()).toISOString(), nonce: randomUUID() };
      const tag = await apiCall({ label: `POST /repos/${where}/git/tags`, permission: 'contents: write' }, () =>
        octokit.rest.git.createTag({
          ...repository,
          tag: `ccm-lock-${environmentKey(environment)}`,
          message: JSON.stringify(note),
          object: options.commit,
          type: 'commit',
        }),
      );
      if (await createRef(options, name, tag.data.sha)) {
        return { release: () => releaseIfOurs(options, name, tag.data.sha) };
      }
      continue; // another job created it between our look and our create: read who
    }
    const age = clock.now() - Date.parse(current.note?.since ?? '');
    if (current.note && age > options.expiryMs) {
      await breakStale(options, name, current.sha);
      continue;
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      const who = current.note
        ? `${current.note.holder} since ${current.note.since}`
        : `an unreadable holder (tag ${current.sha})`;
      throw new LedgerBusyError(
        `the rollback lock of environment '${environment}' (refs/${name} in ${where}) is held by ${who}; waited ${formatDuration(waitMs)}. It is broken after ${formatDuration(options.expiryMs)}`,
      );
    }
    await clock.sleep(Math.min(options.pollMs, remaining));
  }
}

/** The lock's ref and what its tag says; undefined when nobody holds it. */
async function readLock(
  options: RefLockOptions,
  name: string,
): Promise<{ sha: string; note: LockNote | undefined } | undefined> {
  const { octokit, repository } = options;
  const where = `${repository.owner}/${repository.repo}`;
  const ref = await getRef(options, name);
  if (!ref) return undefined;
  let message: unknown;
  try {
    const tag = await octokit.rest.git.getTag({ ...repository, tag_sha: ref });
    message = tag.data.message;
  } catch (error) {
    // 404: the tag is gone with the lock released meanwhile; the next look finds the ref gone too.
    if (statusOf(error) !== 404)
      throw apiError({ label: `GET /repos/${where}/git/tags/${ref}`, permission: 'contents: read' }, error);
  }
  return { sha: ref, note: parseNote(message) };
}

/** The sha a ref points at, or undefined when it does not exist. */
async function getRef(options: RefLockOptions, name: string): Promise<string | undefined> {
  const { octokit, repository } = options;
  const label = `GET /repos/${repository.owner}/${repository.repo}/git/ref/${name}`;
  let data: unknown;
  try {
    data = (await octokit.rest.git.getRef({ ...repository, ref: name })).data;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw apiError({ label, permission: 'contents: read' }, error);
  }
  const sha = (data as { object?: { sha?: unknown } } | null)?.object?.sha;
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha))
    throw new GitHubApiError(`GitHub API ${label} answered without an object sha`, 200);
  return sha;
}

/** Creates the ref atomically: false when it already exists (another job holds the lock). */
async function createRef(options: RefLockOptions, name: string, sha: string): Promise<boolean> {
  const { octokit, repository } = options;
  try {
    await octokit.rest.git.createRef({ ...repository, ref: `refs/${name}`, sha });
    return true;
  } catch (error) {
    if (statusOf(error) === 422) return false;
    throw apiError(
      { label: `POST /repos/${repository.owner}/${repository.repo}/git/refs`, permission: 'contents: write' },
      error,
    );
  }
}

/**
 * Deletes the ref if it still points at `sha`. GitHub's REST API has no compare-and-delete, so two
 * waiters breaking one stale lock leave a window of one round trip in which the slower may delete
 * the lock the faster just took; the expiry makes breaking rare, and the concurrency group guards it.
 */
async function deleteIfStill(options: RefLockOptions, name: string, sha: string): Promise<void> {
  const { octokit, repository } = options;
  if ((await getRef(options, name)) !== sha) return;
  try {
    await octokit.rest.git.deleteRef({ ...repository, ref: name });
  } catch (error) {
    // 422 "Reference does not exist": someone else removed it first.
    if (statusOf(error) === 422 || statusOf(error) === 404) return;
    throw apiError(
      { label: `DELETE /repos/${repository.owner}/${repository.repo}/git/refs/${name}`, permission: 'contents: write' },
      error,
    );
  }
}

const breakStale = deleteIfStill;
/** Releases only our own lock: one broken as stale and since taken by another job stays theirs. */
const releaseIfOurs = deleteIfStill;

function parseNote(message: unknown): LockNote | undefined {
  if (typeof message !== 'string') return undefined;
  try {
    const note = JSON.parse(message) as Partial<LockNote> | null;
    if (
      typeof note?.holder === 'string' &&
      typeof note.since === 'string' &&
      !Number.isNaN(Date.parse(note.since)) &&
      typeof note.nonce === 'string'
    ) {
      return { holder: note.holder.slice(0, 200), since: note.since, nonce: note.nonce };
    }
  } catch {
    // not ours, or damaged: a holder we cannot name, never broken on age
  }
  return undefined;
}
