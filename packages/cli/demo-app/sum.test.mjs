import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sum } from './index.mjs';

test('sums numbers and numeric strings', () => {
  assert.equal(sum([1, '2', 3.5]), 6.5);
});

test('skips what is not a number', () => {
  assert.equal(sum([1, 'two', null, 3]), 4);
});
