import { isAbsolute, relative, sep } from 'node:path';

/**
 * A report's source path as a repository-relative path with `/` separators, so the same file named
 * by two tools (one absolute, one relative) merges, and annotations point at the right file.
 * Paths outside the root are kept as they are (with `/` separators).
 */
export function normaliseSourcePath(path: string, root: string): string {
  let result = path.trim();
  if (isAbsolute(result)) {
    const inside = relative(root, result);
    if (!inside.startsWith('..') && !isAbsolute(inside)) result = inside;
  }
  result = result.split(sep).join('/').replaceAll('\\', '/');
  while (result.startsWith('./')) result = result.slice(2);
  return result;
}
