import { FileError, type FileLocation } from '@ccm/toolkit/errors';
import { isRecord } from '../format';

/**
 * Typed access to fields of a parsed JSON report. Every mismatch is a FileError naming the JSON path
 * (`runs[0].results[3].level`), so a document of the right shape with a missing field fails clearly
 * instead of yielding a TypeError or a silently empty result.
 */
export class JsonFields {
  constructor(readonly location: FileLocation) {}

  fail(path: string, reason: string): never {
    throw new FileError(this.location, `${path}: ${reason}`);
  }

  record(value: unknown, path: string): Record<string, unknown> {
    if (!isRecord(value)) this.fail(path, `expected an object, found ${describe(value)}`);
    return value;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected an array, found ${describe(value)}`);
    return value;
  }

  /** An array, or an empty one when the field is absent or null (tools omit empty lists). */
  optionalArray(value: unknown, path: string): unknown[] {
    return value === undefined || value === null ? [] : this.array(value, path);
  }

  /** A non-empty string. */
  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, `expected a string, found ${describe(value)}`);
    if (value.trim() === '') this.fail(path, 'is empty');
    return value;
  }

  /** A string, or undefined when absent, null, empty or blank (as `string` refuses a blank one). */
  optionalString(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(path, `expected a string, found ${describe(value)}`);
    return value.trim() === '' ? undefined : value;
  }

  optionalNumber(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, `expected a number, found ${describe(value)}`);
    }
    return value;
  }

  /** A 1-based line number, or undefined when absent or 0 (tools write 0 for "no line"). */
  optionalLine(value: unknown, path: string): number | undefined {
    const line = this.optionalNumber(value, path);
    if (line === undefined || line === 0) return undefined;
    if (!Number.isInteger(line) || line < 0) this.fail(path, `expected a line number, found ${line}`);
    return line;
  }

  /** An array of strings (absent → empty). */
  optionalStrings(value: unknown, path: string): string[] {
    return this.optionalArray(value, path).map((item, i) => this.string(item, `${path}[${i}]`));
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return `${typeof value} ${String(value)}`;
}
