/**
 * The port between cache logic and where archives live: the GitHub Actions cache service (through
 * @actions/cache) or a folder. Semantics follow actions/cache: keys are immutable, restore tries the
 * exact key and then each restore key as a prefix, newest entry first.
 */
export interface CacheStore {
  /** `github` or `dir:/path`, for logs and the summary. */
  readonly description: string;
  restore(request: RestoreRequest): Promise<RestoreResult>;
  save(request: SaveRequest): Promise<SaveResult>;
  /**
   * The secret that environment values in fingerprints are hashed with: the store key, else a
   * secret of the store's own where it can keep one; undefined when there is none.
   */
  fingerprintKey(): Promise<string | undefined>;
}

export interface RestoreRequest {
  /** Absolute paths (files or folders) to restore; the same list the entry was saved with. */
  paths: string[];
  key: string;
  /** Prefixes tried in order after the exact key. */
  restoreKeys: string[];
  /** Abandon a stalled download after this long. */
  timeoutMs?: number;
  /** Find the key without downloading. */
  lookupOnly?: boolean;
  /** Refuse an entry that would write more than this many bytes (stores that unpack archives themselves). */
  maxBytes?: number;
}

export type RestoreResult =
  /** `notes`: entries the store skipped on the way (a `dir:` store's unsigned entries), for a warning. */
  | { matchedKey: string; exact: boolean; notes?: string[] }
  /** A miss; `reason` set when the store failed rather than missed. */
  | { matchedKey: undefined; reason?: string };

export interface SaveRequest {
  paths: string[];
  key: string;
}

export type SaveResult =
  | { saved: true; bytes: number }
  /** `exists`: another job saved this key first (keys are immutable), not a failure. */
  | { saved: false; exists: boolean; reason: string };
