import * as actionsCache from '@actions/cache';
import { errorMessage } from '@ccm/toolkit/errors';
import { captureActionsLog, type LogLine } from './actions-log';
import type { CacheStore, RestoreRequest, RestoreResult, SaveRequest, SaveResult } from './store';

/** The part of @actions/cache this store uses; tests pass a fake to reach every outcome. */
export interface ActionsCacheClient {
  isFeatureAvailable(): boolean;
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
    options?: { lookupOnly?: boolean; segmentTimeoutInMs?: number },
  ): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

/** A reservation that failed for these reasons was not a key taken by another job. */
const TRANSPORT_FAILURE =
  /after \d+ attempts|Rate limited|Unable to make request|quota|ECONN|ETIMEDOUT|\((?:401|403|429|5\d\d)\)/i;
const WRITE_DENIED = /cache write denied/i;

/**
 * The GitHub Actions cache service through the real @actions/cache client. The client returns
 * `undefined` or -1 for most failures and only logs why; this store reads that log (see
 * captureActionsLog) so every outcome carries its reason, and the log still reaches the job.
 */
export class GitHubCacheStore implements CacheStore {
  readonly description = 'github';

  constructor(
    private readonly client: ActionsCacheClient = actionsCache,
    private readonly key?: string,
  ) {}

  /** Only the store key: the service has no private place for a secret of its own. */
  async fingerprintKey(): Promise<string | undefined> {
    return this.key;
  }

  async restore(request: RestoreRequest): Promise<RestoreResult> {
    const unavailable = this.unavailableReason();
    if (unavailable) return { matchedKey: undefined, reason: unavailable };
    try {
      const { value: matched, lines } = await captureActionsLog(() =>
        this.client.restoreCache(request.paths, request.key, request.restoreKeys, {
          lookupOnly: request.lookupOnly,
          segmentTimeoutInMs: request.timeoutMs,
        }),
      );
      if (matched !== undefined) return { matchedKey: matched, exact: matched === request.key };
      const failure = find(lines, 'Failed to restore: ') ?? find(lines, 'Cache restore skipped: ');
      return failure ? { matchedKey: undefined, reason: failure.text } : { matchedKey: undefined };
    } catch (error) {
      return { matchedKey: undefined, reason: errorMessage(error) };
    }
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const unavailable = this.unavailableReason();
    if (unavailable) return { saved: false, exists: false, reason: unavailable };
    let outcome: { value: number; lines: LogLine[] };
    try {
      outcome = await captureActionsLog(() => this.client.saveCache(request.paths, request.key));
    } catch (error) {
      // ValidationError (key too long, a comma, no paths) and "paths do not exist" are thrown.
      return { saved: false, exists: false, reason: errorMessage(error) };
    }
    if (outcome.value !== -1) return { saved: true, bytes: archiveSize(outcome.lines) };
    return describeSaveFailure(outcome.lines);
  }

  private unavailableReason(): string | undefined {
    if (this.client.isFeatureAvailable()) return undefined;
    const variable = process.env.ACTIONS_CACHE_SERVICE_V2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL';
    return `the GitHub Actions cache service is not available: ${variable} is not set (outside GitHub Actions, use store: dir:/path)`;
  }
}

/** Why saveCache returned -1, from what it logged; `exists` when the key was taken by another job. */
export function describeSaveFailure(lines: LogLine[]): SaveResult {
  const skipped = find(lines, 'Cache save skipped: ');
  if (skipped) return { saved: false, exists: false, reason: skipped.text };
  const failed = find(lines, 'Failed to save: ');
  const detail = (
    find(lines, 'Cache reservation failed: ')?.text ?? find(lines, 'Failed to reserve cache: ')?.text
  )?.replace(/^Failed to reserve cache: (?:Error: )?/, '');
  if (failed?.text.includes('Unable to reserve cache')) {
    const taken = !TRANSPORT_FAILURE.test(detail ?? '') && !WRITE_DENIED.test(`${failed.text} ${detail ?? ''}`);
    const reason = detail && !failed.text.includes(detail) ? `${failed.text} (${detail})` : failed.text;
    return { saved: false, exists: taken, reason };
  }
  if (failed) return { saved: false, exists: false, reason: failed.text };
  // FinalizeCacheError is logged as a bare warning; anything else we did not foresee, the same.
  const warning = lines.findLast((line) => line.level === 'warning' || line.level === 'error');
  return {
    saved: false,
    exists: false,
    reason: warning?.text ?? 'saveCache returned -1 and logged no reason',
  };
}

function find(lines: LogLine[], prefix: string): LogLine | undefined {
  return lines.find((line) => line.text.startsWith(prefix));
}

/** The archive size @actions/cache logs at debug level before uploading (0 when it did not). */
function archiveSize(lines: LogLine[]): number {
  const line = lines.find((entry) => entry.level === 'debug' && entry.text.startsWith('File Size: '));
  return Number(line?.text.slice('File Size: '.length)) || 0;
}
