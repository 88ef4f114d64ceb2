import { FileError } from '@ccm/toolkit/errors';
import type { Property } from '../model';
import type { LockContext, LockReader } from './context';

/**
 * go.mod with go.sum. The require blocks list every module of the build (Go 1.17+ keeps indirect
 * ones too); replace directives swap a module for another or for a local directory. There is no
 * graph between modules in these files: direct requires hang from the project and, for want of
 * anything better, so do indirect ones (marked `go:indirect`).
 *
 * go.sum's `h1:` values are dirhashes (SHA-256 over a listing of the module's files and their
 * SHA-256s), not the digest of any one file: they are recorded as the property `go:sum`, never as a
 * SHA-256 hash of the component.
 */

export const goModReader: LockReader = { format: 'go-mod', ecosystem: 'golang', read: readGoMod };

interface Require {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}

interface Replace {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
}

const BLOCK_DIRECTIVES = new Set(['require', 'replace', 'exclude', 'retract', 'tool', 'godebug', 'ignore']);
const DIRECTIVES = new Set([...BLOCK_DIRECTIVES, 'module', 'go', 'toolchain']);

export interface GoMod {
  module?: string;
  requires: Require[];
  replaces: Replace[];
}

export function parseGoMod(file: string, text: string): GoMod {
  const parser = new GoModParser(file);
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) parser.line(lines[i] ?? '', i + 1);
  return parser.finish();
}

/** go.mod's directives, one line at a time; a block (`require (`) applies its verb to each line inside. */
class GoModParser {
  readonly #mod: GoMod = { module: undefined, requires: [], replaces: [] };
  #block: { verb: string; line: number } | undefined;

  constructor(private readonly file: string) {}

  line(raw: string, number: number): void {
    const comment = raw.indexOf('//');
    const indirect = comment >= 0 && /^\/\/\s*indirect\b/.test(raw.slice(comment).trim());
    const tokens = tokenize(comment >= 0 ? raw.slice(0, comment) : raw);
    if (tokens.length === 0) return;
    const directive = this.#directive(tokens, number);
    if (directive) this.#apply(directive.verb, directive.args, indirect, number);
  }

  finish(): GoMod {
    const block = this.#block;
    if (block) throw new FileError({ file: this.file, line: block.line }, `the ${block.verb} block is not closed`);
    return this.#mod;
  }

  /** The verb and arguments of a line; undefined for a line that opens or closes a block. */
  #directive(tokens: string[], number: number): { verb: string; args: string[] } | undefined {
    if (this.#block) {
      if (tokens[0] !== ')') return { verb: this.#block.verb, args: tokens };
      this.#block = undefined;
      return undefined;
    }
    const verb = tokens[0] as string;
    const args = tokens.slice(1);
    if (!DIRECTIVES.has(verb)) throw new FileError({ file: this.file, line: number }, `unknown directive: ${verb}`);
    if (args[0] !== '(' || !BLOCK_DIRECTIVES.has(verb)) return { verb, args };
    this.#block = { verb, line: number };
    return undefined;
  }

  #apply(verb: string, args: string[], indirect: boolean, number: number): void {
    if (verb === 'module') this.#mod.module = args[0];
    else if (verb === 'require') this.#require(args, indirect, number);
    else if (verb === 'replace') this.#replace(args, number);
  }

  #require(args: string[], indirect: boolean, number: number): void {
    if (args.length !== 2) throw this.#bad('require', number, 'expected a module path and a version');
    this.#mod.requires.push({ path: args[0] as string, version: args[1] as string, indirect, line: number });
  }

  /** `old [version] => new [version]`. */
  #replace(args: string[], number: number): void {
    const arrow = args.indexOf('=>');
    const targets = args.length - arrow - 1;
    if (arrow < 1 || arrow > 2 || targets < 1 || targets > 2)
      throw this.#bad('replace', number, 'expected "old [version] => new [version]"');
    this.#mod.replaces.push({
      oldPath: args[0] as string,
      oldVersion: arrow === 2 ? args[1] : undefined,
      newPath: args[arrow + 1] as string,
      newVersion: args[arrow + 2],
    });
  }

  #bad(verb: string, number: number, what: string): FileError {
    return new FileError({ file: this.file, line: number }, `malformed ${verb}: ${what}`);
  }
}

function tokenize(line: string): string[] {
  const tokens: string[] = [];
  for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g))
    tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  return tokens;
}

export function parseGoSum(file: string, text: string): Map<string, string> {
  const sums = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 3 || !parts[2]?.startsWith('h1:'))
      throw new FileError({ file, line: i + 1 }, 'malformed go.sum line: expected "module version h1:hash"');
    // `version/go.mod` lines hash only the go.mod file: the module's own hash is the one we want.
    if (!parts[1]?.endsWith('/go.mod')) sums.set(`${parts[0]} ${parts[1]}`, parts[2]);
  }
  return sums;
}

async function readGoMod(context: LockContext): Promise<undefined> {
  const { requires, replaces } = parseGoMod(context.file, context.text);
  const sums = await readGoSum(context, requires.length > 0);
  const { graph } = context;
  for (const require of requires) {
    const ref = graph.add({ ...resolvedModule(require, replaceOf(replaces, require), sums), ecosystem: 'golang' });
    if (!require.indirect) graph.edge(graph.projectRef, ref);
  }
  return undefined;
}

async function readGoSum(context: LockContext, needed: boolean): Promise<Map<string, string>> {
  const goSum = await context.readSibling('go.sum');
  if (goSum) return parseGoSum(goSum.file, goSum.text);
  if (needed) context.warn(`${context.file}: no go.sum beside it; modules have no checksums`);
  return new Map();
}

/** The replace directive for a require: the one for its exact version, else the one for every version. */
function replaceOf(replaces: Replace[], require: Require): Replace | undefined {
  return (
    replaces.find((r) => r.oldPath === require.path && r.oldVersion === require.version) ??
    replaces.find((r) => r.oldPath === require.path && r.oldVersion === undefined)
  );
}

/** The module a require ends up as, after its replace, with what go.mod and go.sum say of it. */
function resolvedModule(
  require: Require,
  replace: Replace | undefined,
  sums: Map<string, string>,
): { name: string; version: string; properties: Property[] } {
  const properties: Property[] = [];
  let name = require.path;
  let version = require.version;
  if (replace?.newVersion) {
    name = replace.newPath;
    version = replace.newVersion;
    properties.push({ name: 'go:replaces', value: `${require.path}@${require.version}` });
  } else if (replace) {
    // Replaced by a directory: the code is local, the module keeps its path and required version.
    properties.push({ name: 'go:replace-path', value: replace.newPath });
  }
  const sum = replace && !replace.newVersion ? undefined : sums.get(`${name} ${version}`);
  if (sum) properties.push({ name: 'go:sum', value: sum });
  if (require.indirect) properties.push({ name: 'go:indirect', value: 'true' });
  return { name, version, properties };
}
