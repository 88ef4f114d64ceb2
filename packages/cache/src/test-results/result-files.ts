import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { escapePath, glob } from 'tinyglobby';

/** What a result file looked like before the command ran: any difference afterwards means it was written. */
interface FileState {
  mtimeMs: number;
  size: number;
  sha256: string;
}

/**
 * The files the `results` globs match under `cwd` (absolute paths), matched as the record step's
 * expandGlobs matches them (`!pattern` excludes, dot files included). A record's own files are
 * matched without following links (`followLinks: false`): a link there is never a result.
 */
export function matchResults(patterns: readonly string[], cwd: string, followLinks = true): Promise<string[]> {
  return glob(
    patterns.filter((pattern) => !pattern.startsWith('!')),
    {
      cwd,
      absolute: true,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: followLinks,
      ignore: patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1)),
      expandDirectories: false,
    },
  );
}

/** The files the `results` globs match now, by path relative to `cwd`, with their state. */
export async function snapshotResults(patterns: readonly string[], cwd: string): Promise<Map<string, FileState>> {
  const states = new Map<string, FileState>();
  if (patterns.length === 0) return states;
  for (const file of await matchResults(patterns, cwd)) {
    const [stats, content] = await Promise.all([stat(file), readFile(file)]);
    states.set(relative(cwd, file).split(sep).join('/'), {
      mtimeMs: stats.mtimeMs,
      size: stats.size,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  }
  return states;
}

/**
 * The result files this run wrote or changed (`fresh`, as escaped glob patterns for the record step),
 * and those it left as they were (`stale`): a report from an earlier run is not this run's result.
 */
export async function writtenByThisRun(
  patterns: readonly string[],
  cwd: string,
  before: ReadonlyMap<string, FileState>,
): Promise<{ fresh: string[]; stale: string[] }> {
  const after = await snapshotResults(patterns, cwd);
  const fresh: string[] = [];
  const stale: string[] = [];
  for (const [path, state] of after) {
    const earlier = before.get(path);
    const unchanged =
      earlier !== undefined &&
      earlier.mtimeMs === state.mtimeMs &&
      earlier.size === state.size &&
      earlier.sha256 === state.sha256;
    if (unchanged) stale.push(path);
    else fresh.push(escapePath(path));
  }
  return { fresh, stale };
}
