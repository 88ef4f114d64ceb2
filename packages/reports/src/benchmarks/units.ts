/**
 * Which way is better for a benchmark unit. Formats that name their unit but not its direction
 * (github-action-benchmark custom JSON, Go custom metrics) take it from here; `known: false` tells
 * the gate the answer is a guess (smaller-is-better) that a user setting should be able to override.
 */
export interface UnitDirection {
  biggerIsBetter: boolean;
  known: boolean;
}

// Rates: work per unit of time.
const BIGGER = /(?:\/s|\/sec|\/second|\/secs|\/seconds|per ?s(?:ec(?:ond)?)?|ops|hz|throughput)$/;
// Costs: time, memory, allocations, or anything per operation/iteration.
const SMALLER =
  /^(?:[nµμu]?s|ms|sec|secs|seconds?|min|minutes?|h|hours?|(?:[kmgt]i?)?b|(?:kilo|mega|giga|tera|kibi|mebi|gibi)?bytes?|allocs?|allocations?|cycles|instructions)$|\/(?:op|iter|iteration|call|run)$/;

export function unitDirection(unit: string): UnitDirection {
  const normalised = unit.trim().toLowerCase();
  // A rate names time in its denominator ("MB/s"); a cost names an operation ("B/op") or is a plain quantity.
  if (BIGGER.test(normalised)) return { biggerIsBetter: true, known: true };
  if (SMALLER.test(normalised)) return { biggerIsBetter: false, known: true };
  return { biggerIsBetter: false, known: false };
}
