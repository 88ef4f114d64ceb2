import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import { describe, lineNumberAt } from './checks';
import { jsonDocument } from './json-input';

/**
 * coverage.py `coverage json`: `{meta: {version, ...}, files: {path: {executed_lines, missing_lines,
 * excluded_lines, summary}}, totals}`. Lines are the executed ones (hits 1) and the missing ones (hits 0);
 * excluded lines are not executable. Without branch coverage the merged percent equals
 * `totals.percent_covered`; with `--branch`, coverage.py's percent mixes in branches, and ours stays
 * line coverage.
 */
export const coveragePyJson: ReportFormat<'coverage'> = {
  id: 'coveragepy-json',
  label: 'coverage.py JSON',
  kind: 'coverage',
  matchJson: (document) =>
    isRecord(document) && isRecord(document.meta) && 'version' in document.meta && isRecord(document.files),
  async parse(input) {
    const { file, sink } = input;
    const document = await jsonDocument(input);
    if (!isRecord(document) || !isRecord(document.meta) || !isRecord(document.files)) {
      throw new FileError({ file }, 'not a coverage.py JSON report: expected an object with "meta" and "files"');
    }
    for (const [path, entry] of Object.entries(document.files)) {
      if (!isRecord(entry))
        throw new FileError({ file }, `files["${path}"]: expected an object, found ${describe(entry)}`);
      const lines = new Map<number, number>();
      for (const line of lineList(file, entry.missing_lines, `files["${path}"].missing_lines`)) lines.set(line, 0);
      for (const line of lineList(file, entry.executed_lines, `files["${path}"].executed_lines`)) lines.set(line, 1);
      sink({ path, lines });
    }
  },
};

function lineList(file: string, value: unknown, where: string): number[] {
  if (!Array.isArray(value))
    throw new FileError({ file }, `${where}: expected a list of line numbers, found ${describe(value)}`);
  return value.map((line, index) => lineNumberAt(file, line, `${where}[${index}]`));
}
