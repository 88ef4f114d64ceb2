import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import { countAt, describe, lineNumberAt, setMax } from './checks';
import { jsonDocument } from './json-input';

/**
 * Istanbul `json` (coverage-final.json, from nyc, Jest, Vitest, c8): per file
 * `{path, statementMap, s, fnMap, f, branchMap, b}`. Lines are derived the way istanbul-lib-coverage's
 * `FileCoverage.getLineCoverage()` does, so the result equals Istanbul's own text/lcov line numbers:
 * a line is executable when a statement starts on it, and its hits are the highest of those statements.
 * Like that function, a hit count with no statement in `statementMap` is ignored.
 */
export const istanbulFinal: ReportFormat<'coverage'> = {
  id: 'istanbul-final',
  label: 'Istanbul coverage-final.json',
  kind: 'coverage',
  matchJson: (document) => {
    if (!isRecord(document)) return false;
    const first = Object.values(document)[0];
    const data = unwrap(first);
    return isRecord(data) && isRecord(data.statementMap) && isRecord(data.s);
  },
  async parse(input) {
    const { file, sink } = input;
    const document = await jsonDocument(input);
    if (!isRecord(document)) {
      throw new FileError(
        { file },
        `not an Istanbul coverage map: expected an object of files, found ${describe(document)}`,
      );
    }
    const entries = Object.entries(document);
    if (entries.length === 0) throw new FileError({ file }, 'the Istanbul coverage map names no file');
    for (const [key, value] of entries) {
      const data = unwrap(value);
      if (!isRecord(data) || !isRecord(data.statementMap) || !isRecord(data.s)) {
        throw new FileError({ file }, `"${key}": expected a file coverage object with "statementMap" and "s"`);
      }
      const path = typeof data.path === 'string' && data.path !== '' ? data.path : key;
      sink({ path, lines: lineCoverage(file, key, data.statementMap, data.s) });
    }
  },
};

/** Some writers serialise a FileCoverage object itself, whose coverage sits under `data`. */
function unwrap(value: unknown): unknown {
  return isRecord(value) && isRecord(value.data) && !('statementMap' in value) ? value.data : value;
}

function lineCoverage(
  file: string,
  key: string,
  statementMap: Record<string, unknown>,
  hits: Record<string, unknown>,
): Map<number, number> {
  const lines = new Map<number, number>();
  for (const [id, count] of Object.entries(hits)) {
    const statement = statementMap[id];
    if (statement === undefined) continue;
    const where = `"${key}".statementMap["${id}"]`;
    if (!isRecord(statement) || !isRecord(statement.start)) {
      throw new FileError({ file }, `${where}: expected a location with "start"`);
    }
    const line = lineNumberAt(file, statement.start.line, `${where}.start.line`);
    const value = countAt(file, count, `"${key}".s["${id}"]`);
    setMax(lines, line, value);
  }
  return lines;
}
