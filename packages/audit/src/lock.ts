import { FileError, lineAndColumn } from '@ccm/toolkit/errors';
import { isMap, isScalar, parseDocument } from 'yaml';
import { isFullSha } from './uses';

/** `owner/repo@ref` → full commit SHA: what `ccm pin` writes, with no network. */
export type PinLock = ReadonlyMap<string, string>;

/**
 * Reads a lookup file (JSON or YAML, a map of `owner/repo@ref` to SHA). Any entry whose SHA is not
 * 40 hex is refused with its line: a short or mistyped SHA would pin to nothing or to the wrong commit.
 */
export function parsePinLock(file: string, text: string): PinLock {
  // YAML 1.2 reads JSON too, and keeps the line of every entry for the error.
  const document = parseDocument(text);
  const first = document.errors[0];
  if (first) {
    const [line, column] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [undefined, undefined];
    throw new FileError(
      { file, ...(line ? { line, column } : {}) },
      `not JSON or YAML: ${first.message.split('\n')[0]}`,
    );
  }
  const contents = document.contents;
  if (!isMap(contents)) throw new FileError({ file }, 'expected a map of owner/repo@ref to a commit SHA');
  const lock = new Map<string, string>();
  for (const item of contents.items) {
    const key = scalar(item.key);
    const value = scalar(item.value);
    const { line } = lineAndColumn(text, value?.offset ?? key?.offset ?? 0);
    if (!key || !/^[^/@\s]+\/[^@\s]+@\S+$/.test(key.text)) {
      throw new FileError({ file, line }, `'${key?.text ?? ''}' is not owner/repo@ref`);
    }
    if (!value || !isFullSha(value.text)) {
      throw new FileError({ file, line }, `${key.text}: '${value?.text ?? ''}' is not a full 40-hex commit SHA`);
    }
    lock.set(key.text, value.text);
  }
  return lock;
}

function scalar(node: unknown): { text: string; offset: number } | undefined {
  return isScalar(node) ? { text: String(node.value), offset: node.range?.[0] ?? 0 } : undefined;
}
