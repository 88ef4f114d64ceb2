import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * coverage.py 6.x lists in `executed_lines` every line the tracer saw, including some that are not
 * statements (a module docstring's line, where the module's code object starts); its own summary
 * counts statements only. To agree with `percent_covered`, the executed lines that are not statements
 * must go. The JSON does not list statements, so we drop executed lines that are a string literal,
 * a comment or blank in the source file, and only when that makes the counts agree.
 *
 * Returns the executed lines to keep, or undefined when the source cannot settle it.
 */
export function reconcileExecutedLines(
  sourcePath: string,
  root: string,
  executed: readonly number[],
  expectedCovered: number,
): number[] | undefined {
  let source: string[];
  try {
    source = readFileSync(isAbsolute(sourcePath) ? sourcePath : resolve(root, sourcePath), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const kept = executed.filter((line) => !isNonStatement(source[line - 1]));
  return kept.length === expectedCovered ? kept : undefined;
}

function isNonStatement(text: string | undefined): boolean {
  if (text === undefined) return true;
  const trimmed = text.trim();
  return trimmed === '' || trimmed.startsWith('#') || /^[rRbBuUfF]{0,2}("""|'''|"|')/.test(trimmed);
}
