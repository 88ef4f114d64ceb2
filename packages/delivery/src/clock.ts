import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the rollout sees it: injected so the state machine runs in tests on a simulated clock,
 * fast and deterministic, and on the real one in the action.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => delay(Math.max(0, ms)),
};

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** '500ms', '30s', '5m', '1h', '1.5s'; a bare number is seconds. Undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNITS[match[2] ?? 's'] as number);
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** A duration for messages: 1.5 s, 2 min, 250 ms. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}
