import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import { forEachLine } from '../source';

/**
 * lcov tracefiles (geninfo, c8, Istanbul, coverage.py, node --test). Streamed line by line.
 * Line coverage comes from the DA records; LF/LH summaries are not trusted over them
 * (coverage.py writes DA records for lines its own totals exclude).
 */
export const lcov: ReportFormat<'coverage'> = {
  id: 'lcov',
  label: 'lcov',
  kind: 'coverage',
  matchText: (head) => /^(TN:|SF:)/m.test(head.trimStart().slice(0, 4096)),
  async parse({ file, sink }) {
    let path: string | undefined;
    let lines = new Map<number, number>();
    let sawRecord = false;

    const finish = () => {
      if (path !== undefined) sink({ path, lines });
      path = undefined;
      lines = new Map();
    };

    await forEachLine(file, (text, lineNumber) => {
      const colon = text.indexOf(':');
      const tag = colon === -1 ? text.trim() : text.slice(0, colon);
      if (tag === 'DA') {
        if (path === undefined) throw new FileError({ file, line: lineNumber }, 'DA record outside an SF section');
        const rest = text.slice(colon + 1);
        const comma = rest.indexOf(',');
        const line = Number(rest.slice(0, comma));
        const next = rest.indexOf(',', comma + 1);
        const hits = Number(next === -1 ? rest.slice(comma + 1) : rest.slice(comma + 1, next));
        if (comma === -1 || !Number.isInteger(line) || line < 1 || !(hits >= 0)) {
          throw new FileError({ file, line: lineNumber }, `malformed DA record '${text}'`);
        }
        lines.set(line, Math.max(lines.get(line) ?? 0, hits));
      } else if (tag === 'SF') {
        if (path !== undefined) throw new FileError({ file, line: lineNumber }, 'SF before the previous end_of_record');
        path = text.slice(colon + 1).trim();
        if (path === '') throw new FileError({ file, line: lineNumber }, 'SF record with no path');
        sawRecord = true;
      } else if (tag === 'end_of_record') {
        if (path === undefined)
          throw new FileError({ file, line: lineNumber }, 'end_of_record with no SF section open');
        finish();
      } else if (tag !== '' && !KNOWN_TAGS.has(tag)) {
        throw new FileError({ file, line: lineNumber }, `not an lcov record: '${text.slice(0, 80)}'`);
      }
    });
    if (path !== undefined) throw new FileError({ file }, `truncated: the section for ${path} has no end_of_record`);
    if (!sawRecord) throw new FileError({ file }, 'no SF section: not an lcov tracefile');
  },
};

const KNOWN_TAGS = new Set(['TN', 'FN', 'FNDA', 'FNF', 'FNH', 'FNL', 'FNA', 'BRDA', 'BRF', 'BRH', 'LF', 'LH', 'VER']);
