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
  let depth = 0;
  let expectOperand = true;
  let afterWith = false;
  for (const token of tokens) {
    if (token === '(') {
      if (!expectOperand) return false;
      depth++;
    } else if (token === ')') {
      if (expectOperand || --depth < 0) return false;
    } else if (token === 'AND' || token === 'OR' || token === 'WITH') {
      if (expectOperand) return false;
      expectOperand = true;
      afterWith = token === 'WITH';
      continue;
    } else {
      if (!expectOperand) return false;
      // After WITH comes an exception id: accept any id-shaped token there.
      const ok = afterWith
        ? /^[A-Za-z0-9.+-]+$/.test(token)
        : isSpdxId(token.replace(/\+$/, '')) || /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(token);
      if (!ok) return false;
      expectOperand = false;
    }
    afterWith = false;
  }
  return depth === 0 && !expectOperand;
}

/** The licenses of a component as one SPDX expression (alternatives joined by OR), if they make one. */
export function spdxExpressionOf(licenses: readonly string[]): string | undefined {
  if (licenses.length === 0 || !licenses.every(isSpdxExpression)) return undefined;
  if (licenses.length === 1) return licenses[0];
  return licenses.map((l) => (/\s/.test(l) ? `(${l})` : l)).join(' OR ');
}
