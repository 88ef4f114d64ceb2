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

export function parseGoMod(file: string, text: string): { module?: string; requires: Require[]; replaces: Replace[] } {
  const requires: Require[] = [];
  const replaces: Replace[] = [];
  let module: string | undefined;
  let block: { verb: string; line: number } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const comment = raw.indexOf('//');
    const indirect = comment >= 0 && /^\/\/\s*indirect\b/.test(raw.slice(comment).trim());
    const tokens = tokenize(comment >= 0 ? raw.slice(0, comment) : raw);
    if (tokens.length === 0) continue;
    let verb: string;
    let args: string[];
    if (block) {
      if (tokens[0] === ')') {
        block = undefined;
        continue;
      }
      verb = block.verb;
      args = tokens;
    } else {
      verb = tokens[0] as string;
      args = tokens.slice(1);
      if (!DIRECTIVES.has(verb)) throw new FileError({ file, line: i + 1 }, `unknown directive: ${verb}`);
      if (args[0] === '(' && BLOCK_DIRECTIVES.has(verb)) {
        block = { verb, line: i + 1 };
        continue;
      }
    }
    const bad = (what: string) => new FileError({ file, line: i + 1 }, `malformed ${verb}: ${what}`);
    if (verb === 'module') module = args[0];
    else if (verb === 'require') {
      if (args.length !== 2) throw bad('expected a module path and a version');
      requires.push({ path: args[0] as string, version: args[1] as string, indirect, line: i + 1 });
    } else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1 || arrow > 2 || args.length - arrow - 1 < 1 || args.length - arrow - 1 > 2)
        throw bad('expected "old [version] => new [version]"');
      replaces.push({
        oldPath: args[0] as string,
        oldVersion: arrow === 2 ? args[1] : undefined,
        newPath: args[arrow + 1] as string,
        newVersion: args[arrow + 2],
      });
    }
  }
  if (block) throw new FileError({ file, line: block.line }, `the ${block.verb} block is not closed`);
  return { module, requires, replaces };
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
  const goSum = await context.readSibling('go.sum');
  const sums = goSum ? parseGoSum(goSum.file, goSum.text) : new Map<string, string>();
  if (!goSum && requires.length > 0) context.warn(`${context.file}: no go.sum beside it; modules have no checksums`);
  const { graph } = context;
  for (const require of requires) {
    const replace =
      replaces.find((r) => r.oldPath === require.path && r.oldVersion === require.version) ??
      replaces.find((r) => r.oldPath === require.path && r.oldVersion === undefined);
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
    const ref = graph.add({ name, version, ecosystem: 'golang', properties });
    if (!require.indirect) graph.edge(graph.projectRef, ref);
  }
  return undefined;
}
