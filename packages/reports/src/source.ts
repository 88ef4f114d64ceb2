import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { FileError, lineAndColumn } from '@ccm/toolkit/errors';

/** How much of a file format detection looks at. */
export const HEAD_BYTES = 64 * 1024;

/** JSON reports are read whole; past this size they are refused rather than exhausting memory. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

/**
 * Past this size a JSON report of a format that can stream (`matchJsonHead`) is detected by its head
 * and streamed. Below it JSON.parse is faster (about 130 MB/s against 60 MB/s for the streaming
 * parser) and its memory (about 2.5 times the file) is still modest.
 */
export const STREAM_JSON_BYTES = 64 * 1024 * 1024;

export interface ReportHead {
  file: string;
  size: number;
  /** The first HEAD_BYTES decoded as UTF-8, a leading byte-order mark removed. */
  text: string;
}

/**
 * Reads the start of a report and refuses what no parser could read: a missing, empty, or binary file.
 * Binary means a NUL byte in the head; no report format we read contains one.
 */
export async function readHead(file: string): Promise<ReportHead> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new FileError({ file }, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError({ file }, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size === 0) throw new FileError({ file }, 'the file is empty');
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const nul = head.indexOf(0);
    if (nul !== -1) throw new FileError({ file, offset: nul }, 'binary data (a NUL byte); expected a text report');
    const text = stripBom(head.toString('utf8'));
    if (text.trim() === '') throw new FileError({ file }, 'the file holds only white space');
    return { file, size, text };
  } finally {
    await handle.close();
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** True when the head looks like JSON (an object or array), the way detection routes a file. */
export function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** True when the head looks like XML. */
export function looksLikeXml(text: string): boolean {
  return text.trimStart().startsWith('<');
}

/** Reads and parses a whole JSON report; a syntax error names the line and column. */
export async function readJson(file: string, size: number): Promise<unknown> {
  if (size > MAX_JSON_BYTES) {
    throw new FileError(
      { file },
      `JSON report of ${size} bytes is over the ${MAX_JSON_BYTES}-byte limit for a document read whole, and not of a format that streams`,
    );
  }
  const { readFile } = await import('node:fs/promises');
  const text = stripBom(await readFile(file, 'utf8'));
  return parseJsonText(file, text);
}

export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = jsonErrorPosition(message, text.length);
    const { line, column } = lineAndColumn(text, position);
    throw new FileError(
      { file, line, column },
      `malformed JSON: ${message.replace(/\s*in JSON at position \d+.*$/s, '')}`,
    );
  }
}

function jsonErrorPosition(message: string, length: number): number {
  const match = /position (\d+)/.exec(message);
  if (match?.[1]) return Number(match[1]);
  // "Unexpected end of JSON input" carries no position: the problem is at the end.
  return length;
}

/**
 * Streams a text file line by line with 1-based line numbers, holding one chunk at a time.
 * A synchronous callback per line (no promise per line) keeps 1 GB reports fast.
 */
export async function forEachLine(file: string, onLine: (line: string, lineNumber: number) => void): Promise<void> {
  let carry = '';
  let lineNumber = 0;
  let first = true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = carry + (chunk as string);
    if (first) {
      text = stripBom(text);
      first = false;
    }
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      lineNumber++;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      onLine(text.slice(start, stop), lineNumber);
      start = end + 1;
    }
    carry = text.slice(start);
  }
  if (carry !== '') onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, lineNumber + 1);
}

/** One line as bytes: `bytes[start, end)`, its line break (LF or CRLF) left out. Valid only during the call. */
export type ByteLineHandler = (bytes: Buffer, start: number, end: number, lineNumber: number) => void;

const LF = 10;
const CR = 13;

/**
 * Streams a file line by line as bytes, the way forEachLine streams strings, for parsers whose hot
 * lines are ASCII: they read numbers in place and decode (`bytes.toString('utf8', ...)`) only what
 * they keep, so no string is made per line. A leading UTF-8 byte-order mark is skipped (the first
 * chunk of a regular file is whole, so it holds the mark). `chunkBytes` is for tests.
 */
export async function forEachByteLine(file: string, onLine: ByteLineHandler, chunkBytes = 1 << 20): Promise<void> {
  const lines = new ByteLines(onLine);
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: chunkBytes })) {
    lines.write(chunk as Buffer, first ? bomLength(chunk as Buffer) : 0);
    first = false;
  }
  lines.end();
}

/** Cuts chunks of bytes into lines; a line cut by a chunk boundary is carried in pieces, joined once whole. */
class ByteLines {
  private carry: Buffer[] = [];
  private lineNumber = 0;

  constructor(private readonly onLine: ByteLineHandler) {}

  write(chunk: Buffer, start: number): void {
    let from = this.carry.length > 0 ? this.finishCarried(chunk) : start;
    if (from === -1) return;
    // A plain loop: for lines of a few bytes a native indexOf per line costs more than the scan.
    for (let i = from; i < chunk.length; i++) {
      if (chunk[i] !== LF) continue;
      this.onLine(chunk, from, withoutCr(chunk, from, i), ++this.lineNumber);
      from = i + 1;
    }
    if (from < chunk.length) this.carry.push(chunk.subarray(from));
  }

  end(): void {
    if (this.carry.length > 0) this.emitCarried();
  }

  /** Ends the carried line with the head of `chunk`; where the rest of the chunk starts, or -1 if no LF. */
  private finishCarried(chunk: Buffer): number {
    const end = chunk.indexOf(LF);
    this.carry.push(end === -1 ? chunk : chunk.subarray(0, end));
    if (end === -1) return -1;
    this.emitCarried();
    return end + 1;
  }

  private emitCarried(): void {
    const line = Buffer.concat(this.carry);
    this.carry = [];
    this.onLine(line, 0, withoutCr(line, 0, line.length), ++this.lineNumber);
  }
}

function bomLength(chunk: Buffer): number {
  return chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
}

function withoutCr(bytes: Buffer, start: number, end: number): number {
  return end > start && bytes[end - 1] === CR ? end - 1 : end;
}

/**
 * A copy of a string that shares no memory with the text it was cut from. V8 makes a substring of 13
 * characters or more (a slice, a regular expression match, a saxes attribute) a view into its parent,
 * so one kept file name holds its whole 1 MB read chunk alive and memory grows with the report. A
 * parser calls this on every string it keeps past the current chunk. The UTF-8 round trip is lossless
 * for text decoded from UTF-8 and cut at ASCII delimiters, which is all a report parser keeps.
 */
export function keep(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
