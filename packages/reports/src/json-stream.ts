import { createReadStream } from 'node:fs';
import { FileError } from '@ccm/toolkit/errors';
import {
  type ParsedElementInfo,
  Tokenizer,
  TokenizerError,
  TokenParser,
  TokenParserError,
  TokenType,
} from '@streamparser/json';

/**
 * Streaming reads of JSON documents too big to parse whole (@streamparser/json), for formats that
 * know which parts they need. Format-agnostic: the format names the values it wants by path.
 */

/** A value the stream hands over, with where it is (`stack[i].key` are the keys down to its parent). */
export type StreamedValue = ParsedElementInfo;

/**
 * Called with each complete value whose path is selected. Afterwards the value is dropped from its
 * parent, unless the handler returns true: a selected container thus arrives holding only the members
 * the handler kept, and what it let go never accumulates. Throw a FileError to stop the stream.
 */
export type StreamedValueHandler = (value: StreamedValue) => boolean | undefined;

export interface StreamJsonOptions {
  /** Selectors of the values to hand over: `$.version`, `$.runs.*`, `$.runs.*.results.*`. */
  paths: string[];
  onValue: StreamedValueHandler;
}

/**
 * fs streams' default. Bigger chunks are no faster, and 1 MiB ones doubled peak RSS (buffers outside
 * the V8 heap are collected lazily).
 */
const CHUNK_BYTES = 64 * 1024;

/**
 * Streams a JSON file in 64 KiB chunks, handing the selected values to `onValue`. Malformed or
 * truncated JSON, and anything after the document, is a FileError naming the line and byte offset.
 */
export async function streamJson(file: string, { paths, onValue }: StreamJsonOptions): Promise<void> {
  const stream = new JsonStream(paths, onValue);
  try {
    await stream.feed(file);
  } catch (error) {
    throw await stream.failure(file, error);
  }
  if (stream.tokenOffset === -1) throw new FileError({ file, offset: 0 }, 'no JSON value in the file');
}

/** A tokenizer and a parser wired together, and where they are in the file. */
class JsonStream {
  /** The offset of the last token (-1 before the first): where a parser error is. */
  tokenOffset = -1;
  private bytes = 0;
  /** 3 when the file starts with a UTF-8 byte-order mark: the tokenizer's offsets start after it. */
  private bom = 0;
  private readonly tokenizer = new Tokenizer();

  constructor(paths: string[], onValue: StreamedValueHandler) {
    const tokenizer = this.tokenizer;
    const parser = new TokenParser({ paths, keepStack: false });
    tokenizer.onToken = (token) => {
      this.tokenOffset = token.offset;
      parser.write(token);
    };
    parser.onValue = (value) => {
      if (onValue(value) !== true) dropHandedOver(value);
    };
    parser.onError = (error) => tokenizer.error(error);
    tokenizer.onError = (error) => {
      throw error;
    };
    // The document ends with its last brace; the tokenizer then accepts only white space.
    parser.onEnd = () => {
      if (!tokenizer.isEnded) tokenizer.end();
    };
    tokenizer.onEnd = () => {
      if (!parser.isEnded) parser.end();
    };
  }

  async feed(file: string): Promise<void> {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      const buffer = chunk as Buffer;
      if (this.bytes === 0 && startsWithBom(buffer)) this.bom = 3;
      this.tokenizer.write(buffer);
      this.bytes += buffer.length;
    }
    if (!this.tokenizer.isEnded) this.tokenizer.end();
  }

  /** The error to throw for one the stream raised: a FileError at its line and offset when it is about the JSON. */
  async failure(file: string, error: unknown): Promise<unknown> {
    if (error instanceof FileError) return error;
    const problem = describeParseError(error, this.bytes, this.tokenOffset + this.bom);
    if (!problem) return error;
    const line = await lineAt(file, problem.offset);
    return new FileError({ file, line, offset: problem.offset }, problem.reason);
  }
}

/** Drops a value the handler let go from its parent; with no selected ancestor the parser already has (keepStack: false). */
function dropHandedOver(value: StreamedValue): void {
  const { parent } = value;
  if (parent === undefined || !value.stack.some((s) => s.emit)) return;
  if (Array.isArray(parent)) parent.length -= 1;
  else Reflect.deleteProperty(parent, value.key as string);
}

function startsWithBom(buffer: Buffer): boolean {
  return buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
}

interface ParseProblem {
  offset: number;
  reason: string;
}

type ProblemReader = (error: Error, size: number, tokenOffset: number) => ParseProblem | undefined;

/** What went wrong, from the parser's error; undefined for an error that is not about the JSON. */
function describeParseError(error: unknown, size: number, tokenOffset: number): ParseProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  for (const read of PROBLEM_READERS) {
    const problem = read(error, size, tokenOffset);
    if (problem) return problem;
  }
  return undefined;
}

function truncation(error: Error, size: number): ParseProblem | undefined {
  if (!/ended in (the middle of a token|mid-parsing)/.test(error.message)) return undefined;
  return { offset: size, reason: `truncated JSON: the file ends (byte ${size}) inside the document` };
}

function tokenizerProblem(error: Error, _size: number, tokenOffset: number): ParseProblem | undefined {
  if (!(error instanceof TokenizerError)) return undefined;
  const { message } = error;
  const at = /absolute position "(\d+)"/.exec(message);
  const character = /^Unexpected "(.*)" at chunk/s.exec(message)?.[1] ?? '';
  const after = / in state ENDED$/.test(message) ? ' after the end of the document' : '';
  const offset = Number(at?.[1] ?? tokenOffset);
  return { offset, reason: `malformed JSON: unexpected ${JSON.stringify(character)}${after} (byte ${offset})` };
}

/** The parser decodes strings with a fatal TextDecoder. */
function encodingProblem(error: Error, _size: number, tokenOffset: number): ParseProblem | undefined {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') return undefined;
  const offset = Math.max(0, tokenOffset);
  return { offset, reason: `malformed JSON: invalid UTF-8 in a string after byte ${offset}` };
}

function parserProblem(error: Error, _size: number, tokenOffset: number): ParseProblem | undefined {
  if (!(error instanceof TokenParserError)) return undefined;
  const token = /^Unexpected \w+ \((.*)\) in state/s.exec(error.message)?.[1] ?? error.message;
  const offset = Math.max(0, tokenOffset);
  return { offset, reason: `malformed JSON: unexpected ${token} (byte ${offset})` };
}

/** In the order they are tried: a truncation message can come from the tokenizer or the parser. */
const PROBLEM_READERS: ProblemReader[] = [truncation, tokenizerProblem, encodingProblem, parserProblem];

/** The 1-based line of a byte offset, counted by streaming the file (only on the error path). */
export async function lineAt(file: string, offset: number): Promise<number> {
  let line = 1;
  if (offset <= 0) return line;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES, end: offset - 1 })) {
    const buffer = chunk as Buffer;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) line++;
  }
  return line;
}

export interface JsonHeadMembers {
  /** The top-level keys the head shows, in order (the last may be cut off by the head's end). */
  keys: string[];
  /** Those of their values that are strings, numbers, booleans or null, complete within the head. */
  scalars: Record<string, string | number | boolean | null>;
}

/**
 * The top-level members of a JSON object seen in the first bytes of a file, for detecting the format
 * of a document too big to parse whole. A head that is not an object, or turns malformed, gives what
 * was read before.
 */
export function jsonHeadMembers(head: string): JsonHeadMembers {
  const reader = new HeadMembers();
  const tokenizer = new Tokenizer();
  tokenizer.onToken = ({ token, value }) => reader.onToken(token, value);
  try {
    tokenizer.write(head);
  } catch {
    // Not JSON from some point on: what was read stands.
  }
  return reader.members;
}

/** The state of reading the root object's members from its tokens. */
class HeadMembers {
  readonly members: JsonHeadMembers = { keys: [], scalars: Object.create(null) };
  private depth = 0;
  /** At depth 1 of the root object: is the next token a key, a value, or neither (nested)? */
  private expect: 'key' | 'value' | 'other' = 'other';
  private key = '';

  onToken(token: TokenType, value: unknown): void {
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) this.open(token);
    else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.depth--;
    else if (this.depth === 1) this.member(token, value);
  }

  private open(token: TokenType): void {
    if (this.depth === 0 && token === TokenType.LEFT_BRACE) this.expect = 'key';
    else if (this.depth === 0) throw new Error('not an object');
    else if (this.depth === 1) this.expect = 'other';
    this.depth++;
  }

  /** A token directly inside the root object. */
  private member(token: TokenType, value: unknown): void {
    if (token === TokenType.COMMA) this.expect = 'key';
    else if (token === TokenType.COLON) this.expect = 'value';
    else if (this.expect === 'key' && typeof value === 'string') {
      this.key = value;
      this.members.keys.push(value);
    } else if (this.expect === 'value') {
      this.members.scalars[this.key] = value as string | number | boolean | null;
      this.expect = 'other';
    }
  }
}
