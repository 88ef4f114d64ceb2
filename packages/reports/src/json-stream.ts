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
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths, keepStack: false });
  let tokenOffset = -1;
  tokenizer.onToken = (token) => {
    tokenOffset = token.offset;
    parser.write(token);
  };
  parser.onValue = (value) => {
    // With no selected ancestor the parser has already dropped it (keepStack: false).
    if (onValue(value) !== true && value.parent !== undefined && value.stack.some((s) => s.emit)) {
      if (Array.isArray(value.parent)) value.parent.length -= 1;
      else Reflect.deleteProperty(value.parent, value.key as string);
    }
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

  let bytes = 0;
  let bom = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      const buffer = chunk as Buffer;
      if (bytes === 0 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) bom = 3;
      tokenizer.write(buffer);
      bytes += buffer.length;
    }
    if (!tokenizer.isEnded) tokenizer.end();
  } catch (error) {
    if (error instanceof FileError) throw error;
    const problem = describeParseError(error, bytes, tokenOffset + bom);
    if (!problem) throw error;
    const line = await lineAt(file, problem.offset);
    throw new FileError({ file, line, offset: problem.offset }, problem.reason);
  }
  if (tokenOffset === -1) throw new FileError({ file, offset: 0 }, 'no JSON value in the file');
}

/** What went wrong, from the parser's error; undefined for an error that is not about the JSON. */
function describeParseError(error: unknown, size: number, tokenOffset: number) {
  if (!(error instanceof Error)) return undefined;
  const { message } = error;
  if (/ended in (the middle of a token|mid-parsing)/.test(message)) {
    return { offset: size, reason: `truncated JSON: the file ends (byte ${size}) inside the document` };
  }
  if (error instanceof TokenizerError) {
    const at = /absolute position "(\d+)"/.exec(message);
    const character = /^Unexpected "(.*)" at chunk/s.exec(message)?.[1] ?? '';
    const after = / in state ENDED$/.test(message) ? ' after the end of the document' : '';
    const offset = Number(at?.[1] ?? tokenOffset);
    return { offset, reason: `malformed JSON: unexpected ${JSON.stringify(character)}${after} (byte ${offset})` };
  }
  // The parser decodes strings with a fatal TextDecoder.
  if ((error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
    const offset = Math.max(0, tokenOffset);
    return { offset, reason: `malformed JSON: invalid UTF-8 in a string after byte ${offset}` };
  }
  if (error instanceof TokenParserError) {
    const token = /^Unexpected \w+ \((.*)\) in state/s.exec(message)?.[1] ?? message;
    const offset = Math.max(0, tokenOffset);
    return { offset, reason: `malformed JSON: unexpected ${token} (byte ${offset})` };
  }
  return undefined;
}

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
  const members: JsonHeadMembers = { keys: [], scalars: Object.create(null) };
  const tokenizer = new Tokenizer();
  let depth = 0;
  // At depth 1 of the root object: is the next token a key, a value, or neither (nested)?
  let expect: 'key' | 'value' | 'other' = 'other';
  let key = '';
  tokenizer.onToken = ({ token, value }) => {
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      if (depth === 0 && token === TokenType.LEFT_BRACE) expect = 'key';
      else if (depth === 0) throw new Error('not an object');
      else if (depth === 1) expect = 'other';
      depth++;
    } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) {
      depth--;
    } else if (depth === 1) {
      if (token === TokenType.COMMA) expect = 'key';
      else if (token === TokenType.COLON) expect = 'value';
      else if (expect === 'key' && typeof value === 'string') {
        key = value;
        members.keys.push(key);
      } else if (expect === 'value') {
        members.scalars[key] = value as string | number | boolean | null;
        expect = 'other';
      }
    }
  };
  try {
    tokenizer.write(head);
  } catch {
    // Not JSON from some point on: what was read stands.
  }
  return members;
}
