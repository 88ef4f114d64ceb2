import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigurationError } from '@ccm/toolkit/errors';

const run = promisify(execFile);

/** Lines added or changed per file (repository-relative paths), from `git diff` against a base. */
export type ChangedLines = Map<string, Set<number>>;

/**
 * The lines this branch changed since it left `baseRef` (three-dot diff: against the merge base,
 * so commits that landed on the base meanwhile are not counted as ours).
 */
export async function changedLines(root: string, baseRef: string): Promise<ChangedLines> {
  const git = (args: string[]) => run('git', ['-c', 'core.quotepath=off', ...args], { cwd: root, maxBuffer: 1 << 30 });
  try {
    await git(['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`]);
  } catch {
    throw new ConfigurationError(
      `input base-ref: '${baseRef}' is not a commit in ${root}; fetch it first (actions/checkout with fetch-depth: 0)`,
    );
  }
  const { stdout } = await git([
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--unified=0',
    '--relative',
    `${baseRef}...HEAD`,
  ]);
  // --relative: paths relative to root, the same base the coverage paths are normalised to.
  return parseUnifiedDiff(stdout);
}

/** Reads the new-side line numbers of every hunk in a unified diff (`--unified=0`). */
export function parseUnifiedDiff(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) current = targetLines(changed, line.slice(4).trim());
    else if (current) addHunk(current, line);
  }
  for (const [path, lines] of changed) if (lines.size === 0) changed.delete(path);
  return changed;
}

/** The line set of a `+++` target; undefined for a deleted file (`/dev/null`). */
function targetLines(changed: ChangedLines, target: string): Set<number> | undefined {
  if (target === '/dev/null') return undefined;
  const path = unquote(target).replace(/^b\//, '');
  const lines = changed.get(path) ?? new Set();
  changed.set(path, lines);
  return lines;
}

/** A hunk header's new-side lines: `@@ -a,b +start,count @@`. */
function addHunk(lines: Set<number>, line: string): void {
  const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
  if (!hunk) return;
  const start = Number(hunk[1]);
  const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
  for (let n = start; n < start + count; n++) lines.add(n);
}

/** git quotes paths with unusual characters as C strings: "b/caf\303\251.txt". */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c));
      continue;
    }
    const next = body[++i] as string;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
