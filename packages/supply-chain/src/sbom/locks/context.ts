import type { LockGraph } from '../graph';
import type { Ecosystem, LockFormat } from '../model';

/** What a lock reader gets: the lock's text, a graph to fill, and access to files beside the lock. */
export interface LockContext {
  /** The lock's path as the user should see it in messages. */
  file: string;
  text: string;
  graph: LockGraph;
  /** Reads a file relative to the lock's directory; undefined when it does not exist. */
  readSibling(relative: string): Promise<{ file: string; text: string } | undefined>;
  /** Names of the directories inside a directory relative to the lock's; empty when it does not exist. */
  listDirectory(relative: string): Promise<string[]>;
  warn(message: string): void;
}

export interface LockReader {
  format: LockFormat;
  ecosystem: Ecosystem;
  /** Returns the format when the file name alone does not tell it (yarn classic or berry). */
  read(context: LockContext): Promise<LockFormat | undefined> | LockFormat | undefined;
}

/** A plain object from parsed data, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A `{name: range}` map (package.json dependencies and the like) as its names. */
export function dependencyNames(value: unknown): string[] {
  return Object.keys(asRecord(value) ?? {});
}
