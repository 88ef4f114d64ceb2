import { randomUUID } from 'node:crypto';
import { ConfigurationError } from '@ccm/toolkit/errors';

/**
 * What makes an SBOM differ between two runs on the same lock: a timestamp and a random serial
 * number. Reproducible (the default) leaves both out of CycloneDX and derives SPDX's required
 * `created` from SOURCE_DATE_EPOCH, or the Unix epoch.
 */
export interface WriteOptions {
  /** Default true: the same lock gives the same bytes. */
  reproducible?: boolean;
  /** Seconds since the epoch, from SOURCE_DATE_EPOCH (see sourceDateEpochFrom); used as the creation time. */
  sourceDateEpoch?: number;
  /** The tool recorded as the SBOM's creator. */
  tool?: { name: string; version?: string };
  /** Ports for the non-reproducible mode. */
  now?: () => Date;
  randomUUID?: () => string;
}

export const DEFAULT_TOOL: { name: string; version?: string } = { name: 'ccm-sbom-sign' };

/** The creation time to record, or undefined for none (CycloneDX, reproducible, no SOURCE_DATE_EPOCH). */
export function creationTime(options: WriteOptions): Date | undefined {
  if (options.sourceDateEpoch !== undefined) return new Date(options.sourceDateEpoch * 1000);
  if (options.reproducible === false) return (options.now ?? (() => new Date()))();
  return undefined;
}

export function uuid(options: WriteOptions): string {
  return (options.randomUUID ?? randomUUID)();
}

/** SOURCE_DATE_EPOCH as the reproducible-builds spec defines it: decimal seconds, or absent. */
export function sourceDateEpochFrom(env: Record<string, string | undefined>): number | undefined {
  const value = env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value))
    throw new ConfigurationError(`SOURCE_DATE_EPOCH must be a whole number of seconds, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** ISO 8601 UTC to the second, the form SPDX requires (`2024-01-01T00:00:00Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
