import type { Track } from '../ports';

/**
 * The weights that give the canary exactly `canaryPercent` percent of new requests: stable
 * 100 - p, canary p, on a 0 to 100 scale (HAProxy takes 0 to 256, nginx any positive integer, the
 * Gateway API 0 to 1,000,000). Integer percents only, so every router can express the split exactly.
 */
export function splitWeights(canaryPercent: number): Record<Track, number> {
  if (!Number.isInteger(canaryPercent) || canaryPercent < 0 || canaryPercent > 100) {
    throw new RangeError(`a canary weight is a whole percent from 0 to 100, not ${canaryPercent}`);
  }
  return { stable: 100 - canaryPercent, canary: canaryPercent };
}

/** The canary's percent from the two weights a router reports; undefined when both are 0 (no traffic at all). */
export function canaryPercentOf(weights: Record<Track, number>): number | undefined {
  const total = weights.stable + weights.canary;
  if (total <= 0) return undefined;
  return (weights.canary / total) * 100;
}
