import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { localPath } from '../store/manifest';

/** A `path` input entry as a user writes it for actions/cache: `~/...`, absolute, or relative to the working folder. */
export function resolveUserPath(path: string, root: string, home = homedir()): string {
  return resolve(root, localPath(path, home));
}
