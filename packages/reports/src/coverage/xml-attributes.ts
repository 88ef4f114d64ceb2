import { FileError } from '@ccm/toolkit/errors';
import type { SaxesTagPlain } from 'saxes';
import { numberAttribute, positionOf, type XmlWhere } from '../xml';
import { isLineNumber } from './checks';

/** A line-number attribute: required, an integer from 1 to MAX_LINE. */
export function lineAttribute(tag: SaxesTagPlain, name: string, file: string, at: XmlWhere): number {
  const value = numberAttribute(tag, name, file, at, { required: true }) as number;
  if (!isLineNumber(value)) {
    throw new FileError(
      { file, ...positionOf(at) },
      `<${tag.name} ${name}="${tag.attributes[name]}">: expected a line number`,
    );
  }
  return value;
}

/** A hit-count attribute: a number >= 0; `fallback` when absent and not required. */
export function countAttribute(
  tag: SaxesTagPlain,
  name: string,
  file: string,
  at: XmlWhere,
  fallback?: number,
): number {
  const value = numberAttribute(tag, name, file, at, { required: fallback === undefined });
  if (value === undefined) return fallback as number;
  if (value < 0) {
    throw new FileError(
      { file, ...positionOf(at) },
      `<${tag.name} ${name}="${tag.attributes[name]}">: expected a count >= 0`,
    );
  }
  return value;
}

/** A required, non-empty string attribute. */
export function stringAttribute(tag: SaxesTagPlain, name: string, file: string, at: XmlWhere): string {
  const value = tag.attributes[name];
  if (value === undefined || value.trim() === '') {
    throw new FileError({ file, ...positionOf(at) }, `<${tag.name}> has no ${name} attribute`);
  }
  return value;
}
