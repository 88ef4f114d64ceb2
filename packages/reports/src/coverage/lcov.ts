import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import type { CoverageSink } from '../model';
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
    const reader = new LcovReader(file, sink);
    await forEachLine(file, (text, lineNumber) => reader.line(text, lineNumber));
    reader.end();
  },
};

const KNOWN_TAGS = new Set(['TN', 'FN', 'FNDA', 'FNF', 'FNH', 'FNL', 'FNA', 'BRDA', 'BRF', 'BRH', 'LF', 'LH', 'VER']);

/** The state of one tracefile being read: the open SF section and its lines. One method per record kind. */
class LcovReader {
  private path: string | undefined;
  private lines = new Map<number, number>();
  private sawRecord = false;

  constructor(
    private readonly file: string,
    private readonly sink: CoverageSink,
  ) {}

  /** Called for every line of the file: the hot path, so no allocation beyond the slices it needs. */
  line(text: string, lineNumber: number): void {
    const colon = text.indexOf(':');
    const tag = colon === -1 ? text.trim() : text.slice(0, colon);
    switch (tag) {
      case 'DA':
        this.da(text, colon, lineNumber);
        return;
      case 'SF':
        this.sf(text, colon, lineNumber);
        return;
      case 'end_of_record':
        this.endOfRecord(lineNumber);
        return;
      default:
        if (tag !== '' && !KNOWN_TAGS.has(tag)) this.fail(lineNumber, `not an lcov record: '${text.slice(0, 80)}'`);
    }
  }

  /** After the last line: a section left open is a truncated file, no section at all is not lcov. */
  end(): void {
    if (this.path !== undefined) {
      throw new FileError({ file: this.file }, `truncated: the section for ${this.path} has no end_of_record`);
    }
    if (!this.sawRecord) throw new FileError({ file: this.file }, 'no SF section: not an lcov tracefile');
  }

  /** `DA:<line>,<hits>[,<checksum>]` */
  private da(text: string, colon: number, lineNumber: number): void {
    if (this.path === undefined) this.fail(lineNumber, 'DA record outside an SF section');
    const rest = text.slice(colon + 1);
    const comma = rest.indexOf(',');
    const line = Number(rest.slice(0, comma));
    const next = rest.indexOf(',', comma + 1);
    const hits = Number(next === -1 ? rest.slice(comma + 1) : rest.slice(comma + 1, next));
    if (comma === -1 || !Number.isInteger(line) || line < 1 || !(hits >= 0)) {
      this.fail(lineNumber, `malformed DA record '${text}'`);
    }
    this.lines.set(line, Math.max(this.lines.get(line) ?? 0, hits));
  }

  /** `SF:<path>` opens a section. */
  private sf(text: string, colon: number, lineNumber: number): void {
    if (this.path !== undefined) this.fail(lineNumber, 'SF before the previous end_of_record');
    const path = text.slice(colon + 1).trim();
    if (path === '') this.fail(lineNumber, 'SF record with no path');
    this.path = path;
    this.sawRecord = true;
  }

  private endOfRecord(lineNumber: number): void {
    if (this.path === undefined) this.fail(lineNumber, 'end_of_record with no SF section open');
    this.sink({ path: this.path, lines: this.lines });
    this.path = undefined;
    this.lines = new Map();
  }

  private fail(lineNumber: number, reason: string): never {
    throw new FileError({ file: this.file, line: lineNumber }, reason);
  }
}
