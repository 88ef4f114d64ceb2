import { FileError, lineAndColumn } from '@ccm/toolkit/errors';
import { parseSyml } from '@yarnpkg/parsers';
import { parse as parseTomlText } from 'smol-toml';
import { parse as parseYamlText } from 'yaml';

/** Parsers for lock file syntaxes: each failure becomes a FileError naming the file, line and column. */

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
  return new JsoncBlanker(text).run();
}

/** One pass over JSONC text, blanking comments and trailing commas in a copy of its characters. */
class JsoncBlanker {
  readonly #text: string;
  readonly #out: string[];
  #i = 0;
  /** The last comma that only whitespace or comments have followed so far. */
  #pending = -1;
  /** A comma after a comma: left for JSON.parse to report, at the second one. */
  #doubled = false;

  constructor(text: string) {
    this.#text = text;
    this.#out = text.split('');
  }

  run(): string {
    const text = this.#text;
    while (this.#i < text.length) this.#step(text[this.#i] as string);
    return this.#out.join('');
  }

  #step(c: string): void {
    const next = this.#text[this.#i + 1];
    if (c === '"') this.#string();
    else if (c === '/' && next === '/') this.#lineComment();
    else if (c === '/' && next === '*') this.#blockComment();
    else if (c === ',') this.#comma();
    else if (c === '}' || c === ']') this.#close();
    else this.#other(c);
  }

  #string(): void {
    const text = this.#text;
    this.#pending = -1;
    this.#doubled = false;
    let i = this.#i + 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    this.#i = i + 1;
  }

  #lineComment(): void {
    const text = this.#text;
    let i = this.#i;
    while (i < text.length && text[i] !== '\n') this.#out[i++] = ' ';
    this.#i = i;
  }

  /** Blanked but for its line breaks, so that positions keep their line numbers. */
  #blockComment(): void {
    const text = this.#text;
    const end = text.indexOf('*/', this.#i + 2);
    const stop = end === -1 ? text.length : end + 2;
    for (let i = this.#i; i < stop; i++) if (text[i] !== '\n') this.#out[i] = ' ';
    this.#i = Math.max(this.#i, stop);
  }

  #comma(): void {
    if (this.#pending !== -1 || this.#doubled) {
      this.#pending = -1;
      this.#doubled = true;
    } else this.#pending = this.#i;
    this.#i++;
  }

  /** The end of an object or array: a trailing comma before it is blanked. */
  #close(): void {
    if (this.#pending !== -1) this.#out[this.#pending] = ' ';
    this.#pending = -1;
    this.#doubled = false;
    this.#i++;
  }

  #other(c: string): void {
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
      this.#pending = -1;
      this.#doubled = false;
    }
    this.#i++;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
