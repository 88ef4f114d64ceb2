import { ConfigurationError } from '@ccm/toolkit/errors';
import type { Release } from '../ledger';

export interface RollbackPlan {
  /** What runs now: the newest release that succeeded or is still in progress. */
  current?: Release;
  /** What to go back to. */
  target: Release;
}

/**
 * Picks the release to restore from an environment's history (newest first): the newest successful
 * release of `to`, or else the newest successful one whose version is not the current one. A failed
 * release is never current: after a canary was rolled back, stable's version is what runs.
 */
export function planRollback(history: readonly Release[], environment: string, to?: string): RollbackPlan {
  const current = history.find((r) => r.outcome === 'success' || r.outcome === 'in_progress');
  const good = history.filter((r) => r.outcome === 'success');
  const target = to ? good.find((r) => r.version === to) : good.find((r) => r.version !== current?.version);
  if (target) return { ...(current ? { current } : {}), target };
  if (to) {
    const seen = history.filter((r) => r.version === to).map((r) => `${r.id} (${r.outcome})`);
    throw new ConfigurationError(
      `input to: ${environment} has no successful release of ${to}${seen.length > 0 ? `; its releases: ${seen.join(', ')}` : ''}`,
    );
  }
  throw new ConfigurationError(
    history.length === 0
      ? `${environment} has no releases in the ledger: nothing to roll back to`
      : `${environment} has no successful release other than the current one (${current?.version ?? 'none'}) among ${history.length}: nothing to roll back to`,
  );
}

/** A rollback this run already recorded (a rerun of the same workflow run must not roll back twice). */
export function rollbackOfRun(history: readonly Release[], runId: string | undefined): Release | undefined {
  return runId ? history.find((r) => r.source === 'rollback' && r.runId === runId) : undefined;
}

/** `{{ version }}`, `{{ digest }}` and `{{ commit }}` in one argument; an absent value is an empty string. */
export function substitute(argument: string, release: Release): string {
  return argument.replace(
    /\{\{\s*(version|digest|commit)\s*\}\}/g,
    (_, key: 'version' | 'digest' | 'commit') => release[key] ?? '',
  );
}
