/**
 * The string-based lcov reader the byte-scanning one replaced, kept as a test oracle: the fast path
 * must accept and refuse exactly what this did, with the same messages and line numbers. One change
 * is deliberate: a DA line number past MAX_LINE is refused now, as the XML formats refuse it. A
 * second: `DA:0,...` (written exactly so) is coverage.py 6.5's marker for a file with no statements,
 * read as no line.
 */
import { FileError } from '@ccm/toolkit/errors';
import { MAX_LINE } from '../../src/coverage/checks';
import type { FileCoverageRecord } from '../../src/model';
import { forEachLine } from '../../src/source';

const KNOWN_TAGS = new Set(['TN', 'FN', 'FNDA', 'FNF', 'FNH', 'FNL', 'FNA', 'BRDA', 'BRF', 'BRH', 'LF', 'LH', 'VER']);

export async function referenceLcov(file: string): Promise<FileCoverageRecord[]> {
  const out: FileCoverageRecord[] = [];
  let path: string | undefined;
  let lines = new Map<number, number>();
  let sawRecord = false;
  const fail = (line: number, reason: string): never => {
    throw new FileError({ file, line }, reason);
  };
  await forEachLine(file, (text, lineNumber) => {
    const colon = text.indexOf(':');
    const tag = colon === -1 ? text.trim() : text.slice(0, colon);
    if (tag === 'DA') {
      if (path === undefined) fail(lineNumber, 'DA record outside an SF section');
      const rest = text.slice(colon + 1);
      const comma = rest.indexOf(',');
      const line = Number(rest.slice(0, comma));
      const next = rest.indexOf(',', comma + 1);
      const hits = Number(next === -1 ? rest.slice(comma + 1) : rest.slice(comma + 1, next));
      const marker = rest.slice(0, comma) === '0';
      if (comma === -1 || !(marker || (Number.isInteger(line) && line >= 1 && line <= MAX_LINE)) || !(hits >= 0)) {
        fail(lineNumber, `malformed DA record '${text}'`);
      }
      if (!marker) lines.set(line, Math.max(lines.get(line) ?? 0, hits));
    } else if (tag === 'SF') {
      if (path !== undefined) fail(lineNumber, 'SF before the previous end_of_record');
      const named = text.slice(colon + 1).trim();
      if (named === '') fail(lineNumber, 'SF record with no path');
      path = named;
      sawRecord = true;
    } else if (tag === 'end_of_record') {
      if (path === undefined) fail(lineNumber, 'end_of_record with no SF section open');
      out.push({ path: path as string, lines: [...lines] });
      path = undefined;
      lines = new Map();
    } else if (tag !== '' && !KNOWN_TAGS.has(tag)) fail(lineNumber, `not an lcov record: '${text.slice(0, 80)}'`);
  });
  if (path !== undefined) throw new FileError({ file }, `truncated: the section for ${path} has no end_of_record`);
  if (!sawRecord) throw new FileError({ file }, 'no SF section: not an lcov tracefile');
  return out;
}
