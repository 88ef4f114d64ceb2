import type { ParseInput } from '../format';
import { readJson } from '../source';

/** The parsed document: detection has usually read it already; a direct call reads it here. */
export async function jsonDocument(input: ParseInput): Promise<unknown> {
  return input.json !== undefined ? input.json : readJson(input.file, input.head.size);
}
