import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** A `path` input entry as a user writes it for actions/cache: `~/...`, absolute, or relative to the working folder. */
export function resolveUserPath(path: string, root: string, home = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(root, path);
}
