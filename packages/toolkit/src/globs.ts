import { glob } from 'tinyglobby';
import { ConfigurationError } from './errors';

export interface GlobOptions {
  /** The folder patterns resolve against. */
  root: string;
  /** The input the patterns came from, for the error (`coverage`, `subject-path`). */
  input?: string;
}

/**
 * Expands globs from a list input against the root; `!pattern` excludes. Every positive pattern
 * must match a file: one that matches nothing is a mistake the user must hear about, never an
 * empty pass.
 */
export async function expandGlobs(patterns: readonly string[], options: GlobOptions): Promise<string[]> {
  const positive = patterns.filter((p) => !p.startsWith('!'));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const found = new Set<string>();
  for (const pattern of positive) {
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
