import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ConfigurationError } from './errors';

export interface GlobOptions {
  /** The folder patterns resolve against. */
  root: string;
  /** The input the patterns came from, for the error (`coverage`, `subject-path`). */
  input?: string;
}

/**
 * Expands globs from a list input against the root; `!pattern` excludes. Every positive pattern must match a file:
 * a pattern that matches nothing is a mistake the user must hear about, never an empty pass.
 */
export async function expandGlobs(patterns: readonly string[], options: GlobOptions): Promise<string[]> {
  const positive = patterns.filter((p) => !p.startsWith('!'));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const found = new Set<string>();
  for (const pattern of positive) {
    const literal = negative.length === 0 ? await literalFile(pattern, options.root) : undefined;
    if (literal !== undefined) {
      found.add(literal);
      continue;
    }
    const files = await glob(pattern, {
      cwd: options.root,
      absolute: true,
      onlyFiles: true,
      dot: true,
      ignore: negative,
      expandDirectories: false,
    });
    if (files.length === 0) {
      throw new ConfigurationError(
        `input ${options.input ?? 'files'}: '${pattern}' matched no file under ${options.root}`,
      );
    }
    for (const file of files) found.add(file);
  }
  return [...found].sort();
}

/**
 * The file a pattern without glob syntax names, found with one stat instead of a directory walk (a
 * walk from an absolute pattern costs milliseconds); written as tinyglobby writes it. Undefined when
 * it is no regular file: the glob then runs and reports the miss in its own words.
 */
async function literalFile(pattern: string, root: string): Promise<string | undefined> {
  if (isDynamicPattern(pattern) || pattern.includes('\\')) return undefined;
  const file = resolve(root, pattern);
  try {
    return (await stat(file)).isFile() ? file.split(sep).join('/') : undefined;
  } catch {
    return undefined;
  }
}
