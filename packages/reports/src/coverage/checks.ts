import { FileError } from '@ccm/toolkit/errors';
import { valueText } from '../value-text';

/**
 * Past this a "line number" is garbage, not a source line; refusing it keeps a corrupt report
 * from growing the line sets (one bit per line) without bound.
 */
export const MAX_LINE = 10_000_000;

export function isLineNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_LINE;
}

/** A count a report must carry: a finite number >= 0, or an error naming where it sits. */
export function countAt(file: string, value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FileError({ file }, `${where}: expected a count (a number >= 0), found ${describe(value)}`);
  }
  return value;
}

/** A source line number: an integer from 1 to MAX_LINE. */
export function lineNumberAt(file: string, value: unknown, where: string): number {
  if (typeof value !== 'number' || !isLineNumber(value)) {
    throw new FileError({ file }, `${where}: expected a line number, found ${describe(value)}`);
  }
  return value;
}

/** A value, short, for an error message. */
export const describe = valueText;

/** Records the highest hit count seen for a line (a line listed twice counts once). */
export function setMax(lines: Map<number, number>, line: number, hits: number): void {
  const known = lines.get(line);
  if (known === undefined || hits > known) lines.set(line, hits);
}
