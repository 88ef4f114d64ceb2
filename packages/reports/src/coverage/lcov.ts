import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import type { CoverageSink } from '../model';
import { forEachByteLine } from '../source';
import { isLineNumber, MAX_LINE } from './checks';
import { LfLhCheck, type SectionSummary } from './lcov-summary';
import { LineHits } from './line-hits';

/**
 * lcov tracefiles (geninfo, c8, Istanbul, coverage.py, node --test). Streamed line by line.
 * Line coverage comes from the DA records; a section whose LF/LH disagree with them is reported
 * through `warn`, naming what was used (see LfLhCheck). `DA:0` is coverage.py's marker for a file
 * with no statements (an empty `__init__.py`): no line, no statement.
 */
export const lcov: ReportFormat<'coverage'> = {
  id: 'lcov',
  label: 'lcov',
  kind: 'coverage',
  matchText: (head) => /^(TN:|SF:)/m.test(head.trimStart().slice(0, 4096)),
  async parse({ file, root, sink, warn }) {
    const check = new LfLhCheck(file, root);
    const reader = new LcovReader(file, sink, check);
    await forEachByteLine(file, (bytes, start, end, lineNumber) => reader.bytes(bytes, start, end, lineNumber));
    reader.end();
    const warning = check.warning();
    if (warning) warn?.(warning);
  },
};

const KNOWN_TAGS = new Set(['TN', 'FN', 'FNDA', 'FNF', 'FNH', 'FNL', 'FNA', 'BRDA', 'BRF', 'BRH', 'VER']);

const COLON = 0x3a;
const COMMA = 0x2c;
/** Tags of more than 4 characters, or not ASCII, are not packed; their lines take the string path. */
const UNPACKED = -1;

/** A tag of up to 4 ASCII characters as one small integer, so the hot path compares numbers, not strings. */
function packTag(bytes: Uint8Array, start: number, end: number): number {
  if (end - start > 4) return UNPACKED;
  let code = 1;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte >= 0x80) return UNPACKED;
    code = code * 128 + byte;
  }
  return code;
}

const pack = (tag: string) => packTag(Buffer.from(tag), 0, tag.length);
/** Records read and ignored, and a line starting with a colon (an empty tag), which is ignored too. */
const IGNORED = new Set(['', ...KNOWN_TAGS].map(pack));

/** The first `byte` in bytes[start, end), or -1. */
function indexOfByte(bytes: Uint8Array, byte: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (bytes[i] === byte) return i;
  return -1;
}

/** The state of one tracefile being read: the open SF section and its lines. One method per record kind. */
class LcovReader {
  private path: string | undefined;
  private lines = new LineHits();
  /** The open section's LF and LH, when it has them. */
  private summary: SectionSummary = {};
  private sawRecord = false;
  /** Where `digits` stopped reading. */
  private stop = 0;

  constructor(
    private readonly file: string,
    private readonly sink: CoverageSink,
    private readonly check: LfLhCheck,
  ) {}

  /**
   * Called for every line of the file: the hot path. A `DA` line of plain digits is read in place and
   * an ignored record is skipped, with no string made; any other line is decoded and read by `line`,
   * which is the whole grammar, so both paths accept and refuse the same lines with the same errors.
   */
  bytes(bytes: Buffer, start: number, end: number, lineNumber: number): void {
    // `DA:` checked first and byte by byte: it is most lines. A byte past `end` is a line break or nothing.
    const da = bytes[start] === 0x44 && bytes[start + 1] === 0x41 && bytes[start + 2] === COLON;
    if (da && this.path !== undefined && this.plainDa(bytes, start + 3, end)) return;
    const colon = indexOfByte(bytes, COLON, start, end);
    const tag = colon === -1 ? UNPACKED : packTag(bytes, start, colon);
    if (tag === UNPACKED || !IGNORED.has(tag)) this.line(bytes.toString('utf8', start, end), lineNumber);
  }

  /** `DA:<digits>,<digits>[,<checksum>]` read in place, in one pass; false for any other spelling, left to `da`. */
  private plainDa(bytes: Buffer, start: number, end: number): boolean {
    const line = this.digits(bytes, start, end);
    if (line < 1 || line > MAX_LINE || this.stop >= end || bytes[this.stop] !== COMMA) return false;
    const hits = this.digits(bytes, this.stop + 1, end);
    if (hits < 0 || (this.stop < end && bytes[this.stop] !== COMMA)) return false;
    this.lines.add(line, hits);
    return true;
  }

  /**
   * The integer written as 1 to 15 ASCII digits from `start` (exact in a double), or -1; `stop` is left
   * on the first byte after the digits.
   */
  private digits(bytes: Buffer, start: number, end: number): number {
    let value = 0;
    let i = start;
    for (; i < end; i++) {
      const digit = (bytes[i] as number) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    this.stop = i;
    return i === start || i - start > 15 ? -1 : value;
  }

  /** One line of the file as text: every record, read the slow way. */
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
      case 'LF':
      case 'LH':
        this.count(tag, text.slice(colon + 1), lineNumber);
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
    // Past MAX_LINE a line number is garbage, and would grow the file's line set without bound.
    const noStatements = rest.slice(0, comma) === '0';
    if (comma === -1 || !(isLineNumber(line) || noStatements) || !(hits >= 0)) {
      this.fail(lineNumber, `malformed DA record '${text}'`);
    }
    if (!noStatements) this.lines.add(line, Math.max(0, hits));
    // coverage.py counts its marker's hit in LH.
    else if (hits > 0) this.summary.markerHit = true;
  }

  /** `LF:<count>` or `LH:<count>`, kept to check the section's DA records against. */
  private count(tag: 'LF' | 'LH', text: string, lineNumber: number): void {
    if (this.path === undefined) return;
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(value) || value < 0) {
      this.fail(lineNumber, `malformed ${tag} record '${tag}:${text}'`);
    }
    this.summary[tag === 'LF' ? 'found' : 'hit'] = value;
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
    this.sink({ path: this.path, lines: this.check.section(this.path, this.lines, this.summary) });
    this.path = undefined;
    this.lines = new LineHits();
    this.summary = {};
  }

  private fail(lineNumber: number, reason: string): never {
    throw new FileError({ file: this.file, line: lineNumber }, reason);
  }
}
