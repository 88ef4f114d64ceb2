import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ParseInput, type ReportFormat } from '../format';
import type { FileCoverageRecord } from '../model';
import { describe, lineNumberAt } from './checks';
import { reconcileExecutedLines } from './coveragepy-statements';
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
    for (const [path, entry] of Object.entries(document.files)) sink(fileRecord(input, path, entry));
  },
};

/** One file's lines: the executed ones (hits 1) and the missing ones (hits 0). */
function fileRecord(input: ParseInput, path: string, entry: unknown): FileCoverageRecord {
  const { file } = input;
  if (!isRecord(entry)) throw new FileError({ file }, `files["${path}"]: expected an object, found ${describe(entry)}`);
  const missing = lineList(file, entry.missing_lines, `files["${path}"].missing_lines`);
  const executed = lineList(file, withoutNoStatementMarker(entry.executed_lines), `files["${path}"].executed_lines`);
  const summary = statementSummary(entry.summary);
  if (summary && summary.covered !== executed.length) {
    // The tracer's executed lines include non-statements: keep coverage.py's own numbers.
    const kept = reconcileExecutedLines(path, input.root, executed, summary.covered);
    if (!kept) return { path, summary };
    executed.splice(0, executed.length, ...kept);
  }
  const lines = new Map<number, number>();
  for (const line of missing) lines.set(line, 0);
  for (const line of executed) lines.set(line, 1);
  return { path, lines };
}

/** The file's statement counts, when its summary carries them (coverage.py 5+ always writes them). */
function statementSummary(summary: unknown): { covered: number; total: number } | undefined {
  if (!isRecord(summary)) return undefined;
  const { covered_lines: covered, num_statements: total } = summary;
  return Number.isInteger(covered) && Number.isInteger(total)
    ? { covered: covered as number, total: total as number }
    : undefined;
}

/**
 * coverage.py 6.x lists line 0 as executed in a file with no statements (an empty `__init__.py`):
 * the line its module's code object starts on. It is no line and no statement: drop it.
 */
function withoutNoStatementMarker(value: unknown): unknown {
  return Array.isArray(value) ? value.filter((line) => line !== 0) : value;
}

function lineList(file: string, value: unknown, where: string): number[] {
  if (!Array.isArray(value))
    throw new FileError({ file }, `${where}: expected a list of line numbers, found ${describe(value)}`);
  return value.map((line, index) => lineNumberAt(file, line, `${where}[${index}]`));
}
