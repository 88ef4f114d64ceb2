import { FileError } from '@ccm/toolkit/errors';
import { parseSyml } from '@yarnpkg/parsers';
import { parse as parseTomlText } from 'smol-toml';
import { parse as parseYamlText } from 'yaml';

/** Parsers for lock file syntaxes: each failure becomes a FileError naming the file, line and column. */

export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}

export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(stripBom(text));
  } catch (error) {
    throw jsonError(file, text, error);
  }
}

/**
 * JSON with comments and trailing commas, as bun.lock is written. Comments and trailing commas are
 * blanked out in place (same length), so JSON.parse positions still point into the original text.
 */
export function parseJsonc(file: string, text: string): unknown {
  const clean = blankJsoncExtras(stripBom(text));
  try {
    return JSON.parse(clean);
  } catch (error) {
    throw jsonError(file, text, error);
  }
}

export function parseYaml(file: string, text: string): unknown {
  try {
    // Lock files are machine-written and large: no alias expansion limit is needed, but keep YAML 1.2 core.
    return parseYamlText(text, { maxAliasCount: -1, uniqueKeys: false });
  } catch (error) {
    const pos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new FileError({ file, line: pos?.line, column: pos?.col }, `malformed YAML: ${firstLine(error)}`);
  }
}

export function parseToml(file: string, text: string): Record<string, unknown> {
  try {
    return parseTomlText(text) as Record<string, unknown>;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    throw new FileError(
      { file, line, column },
      `malformed TOML: ${firstLine(error).replace(/^Invalid TOML document: /, '')}`,
    );
  }
}

/** yarn.lock in either syntax: classic (v1) through the legacy grammar, berry through YAML. */
export function parseYarnLock(file: string, text: string): Record<string, unknown> {
  try {
    return parseSyml(text) as Record<string, unknown>;
  } catch (error) {
    const { location, mark } = error as {
      location?: { start: { line: number; column: number } };
      mark?: { line: number; column: number };
    };
    const line = location?.start.line ?? (mark ? mark.line + 1 : undefined);
    const column = location?.start.column ?? (mark ? mark.column + 1 : undefined);
    throw new FileError(
      { file, line, column },
      `malformed yarn.lock: ${firstLine(error).replace(/\s*\(\d+:\d+\)$/, '')}`,
    );
  }
}

function jsonError(file: string, text: string, error: unknown): FileError {
  const message = firstLine(error);
  // Node 20 says "at position N"; newer versions also say "(line L column C)".
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  const position = /position (\d+)/.exec(message);
  const where = lineColumn
    ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
    : lineAndColumn(text, position ? Number(position[1]) : text.length);
  const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)/, '');
  return new FileError({ file, ...where }, `malformed JSON: ${reason}`);
}

function blankJsoncExtras(text: string): string {
  const out = text.split('');
  // The last comma that only whitespace or comments have followed so far.
  let pending = -1;
  // A comma after a comma: left for JSON.parse to report, at the second one.
  let doubled = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      pending = -1;
      doubled = false;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
    } else if (c === ',') {
      if (pending !== -1 || doubled) {
        pending = -1;
        doubled = true;
      } else pending = i;
      i++;
    } else if (c === '}' || c === ']') {
      if (pending !== -1) out[pending] = ' ';
      pending = -1;
      doubled = false;
      i++;
    } else {
      if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
        pending = -1;
        doubled = false;
      }
      i++;
    }
  }
  return out.join('');
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
