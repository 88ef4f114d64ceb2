import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letter, shippingClass } from '../src/grade.js';
import { Basket, netPrice } from '../src/money.js';

describe('money', () => {
  it('applies a discount', () => {
    assert.equal(netPrice(100, 25), 75);
  });

  it('totals a basket', () => {
    const basket = new Basket();
    basket.add('pen', 2.5, 4);
    assert.equal(basket.total(), 10);
  });

  it('is deliberately failing, so reports carry a failure', () => {
    assert.equal(netPrice(10, 10), 8);
  });
});

describe('grade', () => {
  it('ships domestic', () => {
    assert.equal(shippingClass({ weight: 2, country: 'NL' }), 'domestic');
  });

  it('grades an A', () => {
    assert.equal(letter(95), 'A');
  });

  it('is deliberately skipped', { skip: 'not today' }, () => {
    assert.fail('skipped');
  });
});
