import { ConfigurationError } from '@ccm/toolkit/errors';

/**
 * The release ledger: which version ran in which environment, and how it ended. Every deploy
 * (canary-deploy, blue-green, a user's own step through `ccm release record`) writes one release;
 * `rollback` reads it to find the last known-good one. One port, one adapter per store: GitHub
 * Deployments (statuses carry the outcome) and a JSON file.
 */

/** How a release ended; `in_progress` until it does. A release a rollback replaced is a `failure`. */
export const RELEASE_OUTCOMES = ['in_progress', 'success', 'failure'] as const;
export type ReleaseOutcome = (typeof RELEASE_OUTCOMES)[number];

export interface NewRelease {
  environment: string;
  version: string;
  /** The artifact's digest, `sha256:<64 hex>`, when the deploy knows it. */
  digest?: string;
  commit?: string;
  outcome: ReleaseOutcome;
  /** The workflow run (GITHUB_RUN_ID) that recorded it: a rerun of one run is recognised by it. */
  runId?: string;
  /** What recorded it: 'canary-deploy', 'rollback', 'ccm release record', ... */
  source?: string;
  /** For a rollback: the release it replaced. */
  replaces?: string;
  description?: string;
}

export interface Release extends NewRelease {
  /** The store's id: the deployment id on GitHub, a sequence number in a file. */
  id: string;
  /** When it was recorded (ISO 8601). */
  createdAt: string;
  /** When its outcome last changed (ISO 8601). */
  updatedAt: string;
}

/** Held while a rollback of one environment runs; release it in a finally. */
export interface LedgerLock {
  release(): Promise<void>;
}

export interface ReleaseLedger {
  /** 'github' or 'file:<path>', for messages and the report. */
  readonly name: string;
  record(release: NewRelease): Promise<Release>;
  /** Sets a release's outcome (and a description shown beside it). */
  setOutcome(id: string, outcome: ReleaseOutcome, description?: string): Promise<Release>;
  /**
   * The environment's releases, newest first, read lazily: a rollback stops at the first good one,
   * so a long history (GitHub pages of 100) is only read as far as needed.
   */
  history(environment: string): AsyncIterable<Release>;
  /**
   * Serialises rollbacks of one environment: resolves once this caller holds the environment's lock,
   * waiting up to `waitMs` for another holder, then rejects with a LedgerBusyError naming the holder.
   */
  lock(environment: string, holder: string, waitMs: number): Promise<LedgerLock>;
}

/** Another rollback of the environment held the lock for longer than the caller would wait. */
export class LedgerBusyError extends ConfigurationError {
  override name = 'LedgerBusyError';
}

/** Every release of an environment, newest first (at most `limit`). */
export async function listReleases(
  ledger: ReleaseLedger,
  environment: string,
  limit = Number.POSITIVE_INFINITY,
): Promise<Release[]> {
  const releases: Release[] = [];
  if (limit <= 0) return releases;
  for await (const release of ledger.history(environment)) {
    releases.push(release);
    if (releases.length >= limit) break;
  }
  return releases;
}
