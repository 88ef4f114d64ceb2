/** Deliberately complex (cyclomatic complexity > 10) so ESLint's complexity rule reports it. */
export function shippingClass({ weight, country, express, fragile, member, total }) {
  if (weight <= 0) throw new RangeError('weight must be positive');
  if (member && total > 100) return 'free';
  let cls;
  if (country === 'NL') cls = 'domestic';
  else if (['BE', 'DE', 'FR', 'LU'].includes(country)) cls = 'eu-near';
  else if (['ES', 'IT', 'PT', 'AT'].includes(country)) cls = 'eu-far';
  else cls = 'world';
  if (weight > 30) cls += '-freight';
  else if (weight > 5) cls += '-heavy';
  if (express && cls !== 'world') cls += '-express';
  if (fragile) cls += '-fragile';
  return cls;
}

export function letter(score) {
  if (score >= 90) return 'A';
  if (score >= 75) return 'B';
  if (score >= 50) return 'C';
  return 'F';
}
