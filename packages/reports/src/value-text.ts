/**
 * A value read from a report, short, for an error message. Shallow on purpose: a report can nest
 * arrays thousands deep, and JSON.stringify of that overflows the stack (found by test/hostile).
 */
export function valueText(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[…] (an array of ${value.length})`;
  if (value !== null && typeof value === 'object') return '{…} (an object)';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  return String(value);
}
