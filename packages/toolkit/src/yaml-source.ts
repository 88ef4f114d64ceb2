import { type Document, LineCounter, parseDocument } from 'yaml';
import { FileError } from './errors';

/**
 * A YAML file read for validation (the gate's config, canary-deploy's analysis file): its value, and
 * what it takes to point an error at the line of any value in it.
 */
export interface YamlSource {
  file: string;
  value: unknown;
  document: Document;
  lineCounter: LineCounter;
}

/** Parses YAML text; a syntax error (or a duplicate key) is a FileError at its line and column. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new FileError({ file, line, column: col }, `invalid YAML: ${syntax.message.split('\n')[0]}`);
  }
  return { file, value: document.toJS() ?? {}, document, lineCounter };
}

/**
 * An error at the line of the value at `path`: the key's own line when the last step is a key (an
 * unknown key points at itself), else the nearest node that holds the path.
 */
export function yamlErrorAt(source: YamlSource, path: readonly (string | number)[], message: string): FileError {
  const { file, document, lineCounter } = source;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = (depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true)) as
      | { range?: [number, number, number] }
      | undefined;
    const keyOffset = depth === path.length ? keyPosition(document, path) : undefined;
    const offset = keyOffset ?? node?.range?.[0];
    if (offset !== undefined) return new FileError({ file, line: lineCounter.linePos(offset).line }, message);
  }
  return new FileError({ file }, message);
}

/** A JSON Pointer (ajv's instancePath) as a path of keys and indexes. */
export function jsonPointerPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => {
      const text = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(text) ? Number(text) : text;
    });
}

function keyPosition(document: Document, path: readonly (string | number)[]): number | undefined {
  if (path.length === 0) return undefined;
  const parent = document.getIn(path.slice(0, -1), true) as
    | { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] }
    | undefined;
  const key = path[path.length - 1];
  return parent?.items?.find((pair) => pair.key?.value === key)?.key?.range?.[0];
}
