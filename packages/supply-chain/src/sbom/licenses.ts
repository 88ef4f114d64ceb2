import { isSupportedSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';

/**
 * License strings from locks sorted into SPDX ids, SPDX expressions and free text. The check of an
 * expression is syntactic over the SPDX license list the CycloneDX library ships (a full parser,
 * spdx-expression-parse, is not a dependency here).
 */

export function isSpdxId(value: string): boolean {
  return isSupportedSpdxId(value);
}

export function isSpdxExpression(value: string): boolean {
  const tokens = value.replace(/[()]/g, ' $& ').trim().split(/\s+/);
  const state: ExpressionState = { depth: 0, expectOperand: true, afterWith: false };
  for (const token of tokens) if (!step(state, token)) return false;
  return state.depth === 0 && !state.expectOperand;
}

/** Where a left-to-right check of an expression's tokens is. */
interface ExpressionState {
  /** Open parentheses. */
  depth: number;
  /** True at the start, after an operator and after `(`: a license (or `(`) must come next. */
  expectOperand: boolean;
  /** The previous token was WITH: an exception id comes next. */
  afterWith: boolean;
}

/** Takes one token; false when it cannot come here. */
function step(state: ExpressionState, token: string): boolean {
  if (token === 'AND' || token === 'OR' || token === 'WITH') return operator(state, token);
  const ok = token === '(' ? open(state) : token === ')' ? close(state) : operand(state, token);
  state.afterWith = false;
  return ok;
}

function operator(state: ExpressionState, token: string): boolean {
  if (state.expectOperand) return false;
  state.expectOperand = true;
  state.afterWith = token === 'WITH';
  return true;
}

function open(state: ExpressionState): boolean {
  if (!state.expectOperand) return false;
  state.depth++;
  return true;
}

function close(state: ExpressionState): boolean {
  if (state.expectOperand) return false;
  state.depth--;
  return state.depth >= 0;
}

function operand(state: ExpressionState, token: string): boolean {
  if (!state.expectOperand) return false;
  // After WITH comes an exception id: accept any id-shaped token there.
  const ok = state.afterWith ? /^[A-Za-z0-9.+-]+$/.test(token) : isLicense(token);
  state.expectOperand = !ok;
  return ok;
}

/** An SPDX license id (`+` for "or later" allowed) or a LicenseRef. */
function isLicense(token: string): boolean {
  return isSpdxId(token.replace(/\+$/, '')) || /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(token);
}

/** The licenses of a component as one SPDX expression (alternatives joined by OR), if they make one. */
export function spdxExpressionOf(licenses: readonly string[]): string | undefined {
  if (licenses.length === 0 || !licenses.every(isSpdxExpression)) return undefined;
  if (licenses.length === 1) return licenses[0];
  return licenses.map((l) => (/\s/.test(l) ? `(${l})` : l)).join(' OR ');
}
