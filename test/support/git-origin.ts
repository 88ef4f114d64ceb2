import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Git with an argument array in `cwd`, a fixed identity and no user or system config in the way. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'dev',
      GIT_AUTHOR_EMAIL: 'dev@example.test',
      GIT_COMMITTER_NAME: 'dev',
      GIT_COMMITTER_EMAIL: 'dev@example.test',
    },
  }).trim();
}

export interface GitOrigin {
  /** The bare repository, `origin` of the clone. */
  origin: string;
  /** A full clone of main, as actions/checkout with fetch-depth: 0 leaves it (no identity configured). */
  clone: string;
  /** The commit each release was built from. */
  commits: { v1: string; v2: string; v3: string };
}

/**
 * A real bare repository as `origin` and a clone of it: v1 and v2 on main, then a feature branch
 * merged with a merge commit, then v3's own commit. So `v2..v3` holds a merge (reverted with `-m 1`)
 * and an ordinary commit. `app.txt` says which version the tree is.
 */
export function gitOrigin(options: { afterV3?: boolean } = {}): GitOrigin {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-git-'));
  const origin = join(dir, 'origin.git');
  const seed = join(dir, 'seed');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(dir, 'init', '--quiet', '--initial-branch=main', seed);
  const commit = (message: string, files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(seed, file), text);
    git(seed, 'add', '-A');
    git(seed, 'commit', '--quiet', '-m', message);
    return git(seed, 'rev-parse', 'HEAD');
  };
  const v1 = commit('release v1', { 'app.txt': 'v1\n', 'README.md': 'app\n' });
  const v2 = commit('release v2', { 'app.txt': 'v2\n' });
  git(seed, 'switch', '--quiet', '-c', 'feature');
  commit('feature: a flag', { 'flag.txt': 'on\n' });
  git(seed, 'switch', '--quiet', 'main');
  git(seed, 'merge', '--quiet', '--no-ff', '-m', 'Merge branch feature', 'feature');
  const v3 = commit('release v3', { 'app.txt': 'v3\n' });
  // A later fix on the same line as v3's change: reverting v3 then conflicts.
  if (options.afterV3) commit('hotfix on top of v3', { 'app.txt': 'v3 with a hotfix\n' });
  git(seed, 'push', '--quiet', origin, 'main');
  const clone = join(dir, 'clone');
  git(dir, 'clone', '--quiet', origin, clone);
  return { origin, clone, commits: { v1, v2, v3 } };
}
