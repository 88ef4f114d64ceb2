import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import { countAt } from './checks';
import { jsonDocument } from './json-input';

/**
 * Istanbul `json-summary` (coverage-summary.json): `{total: {lines, statements, functions, branches},
 * "<path>": {...}}`. It carries totals only, so each file becomes a `summary` record of its lines;
 * `total` is the tool's own sum and is skipped (the map sums the files).
 */
export const istanbulSummary: ReportFormat<'coverage'> = {
  id: 'istanbul-summary',
  label: 'Istanbul coverage-summary.json',
  kind: 'coverage',
  matchJson: (document) =>
    isRecord(document) && isRecord(document.total) && isRecord(document.total.lines) && 'pct' in document.total.lines,
  async parse(input) {
    const { file, sink } = input;
    const document = await jsonDocument(input);
    if (!isRecord(document) || !isRecord(document.total)) {
      throw new FileError({ file }, 'not an Istanbul coverage summary: expected an object with a "total" entry');
    }
    linesOf(file, document.total, 'total');
    for (const [path, entry] of Object.entries(document)) {
      if (path === 'total') continue;
      sink({ path, summary: linesOf(file, entry, path) });
    }
  },
};

function linesOf(file: string, entry: unknown, where: string): { covered: number; total: number } {
  if (!isRecord(entry) || !isRecord(entry.lines)) {
    throw new FileError({ file }, `"${where}": expected an object with "lines" totals`);
  }
  const total = countAt(file, entry.lines.total, `"${where}".lines.total`);
  const covered = countAt(file, entry.lines.covered, `"${where}".lines.covered`);
  if (!Number.isInteger(total) || !Number.isInteger(covered) || covered > total) {
    throw new FileError({ file }, `"${where}".lines: covered ${covered} of total ${total} is not a line count`);
  }
  return { covered, total };
}
