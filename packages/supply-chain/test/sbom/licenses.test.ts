import { describe, expect, it } from 'vitest';
import { isSpdxExpression, spdxExpressionOf } from '../../src/sbom/licenses';

/** SPDX license expressions (SPDX 2.3 annex D): what the writers accept as `licenseDeclared` or an expression. */

describe('isSpdxExpression', () => {
  it.each([
    'MIT',
    'GPL-2.0+',
    'GPL-2.0-only',
    'LicenseRef-Custom-1.0',
    'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2',
    'MIT AND (Apache-2.0 OR BSD-3-Clause)',
    '((MIT))',
    'Apache-2.0 WITH LLVM-exception',
    '(GPL-2.0-or-later WITH Classpath-exception-2.0) OR MIT',
  ])('accepts %j', (expression) => {
    expect(isSpdxExpression(expression)).toBe(true);
  });

  it.each([
    '',
    'AND MIT',
    'MIT AND',
    'MIT MIT',
    '()',
    'MIT)',
    '(MIT))',
    ')MIT(',
    'MIT (Apache-2.0)',
    'WITH LLVM-exception',
    'MIT WITH',
    'Apache-2.0 with LLVM-exception',
    'Apache-2.0 WITH LLVM exception',
    'Not-A-Known-License',
  ])('refuses %j', (expression) => {
    expect(isSpdxExpression(expression)).toBe(false);
  });
});

describe('spdxExpressionOf', () => {
  it('joins alternatives with OR, bracketing compound ones, and gives up on free text', () => {
    expect(spdxExpressionOf([])).toBeUndefined();
    expect(spdxExpressionOf(['MIT'])).toBe('MIT');
    expect(spdxExpressionOf(['MIT', 'Apache-2.0 AND BSD-2-Clause'])).toBe('MIT OR (Apache-2.0 AND BSD-2-Clause)');
    expect(spdxExpressionOf(['MIT', 'see LICENSE file'])).toBeUndefined();
  });
});
