import isNumber from 'is-number';

/** Adds the numbers in a list, skipping what is not a number. */
export function sum(values) {
  return values.filter((value) => isNumber(value)).reduce((total, value) => total + Number(value), 0);
}
