export function netPrice(gross, discountPercent = 0) {
  if (discountPercent < 0 || discountPercent > 100) {
    throw new RangeError('discount out of range');
  }
  return Math.round(gross * (100 - discountPercent)) / 100;
}

export const formatEuro = (amount) => `€${amount.toFixed(2)}`;

export class Basket {
  items = [];

  add(name, price, quantity = 1) {
    if (quantity <= 0) throw new RangeError('quantity must be positive');
    this.items.push({ name, price, quantity });
  }

  total() {
    return this.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  }

  mostExpensive() {
    if (this.items.length === 0) return undefined;
    return this.items.reduce((a, b) => (b.price > a.price ? b : a)).name;
  }
}
