import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { envValue, joinPath, localAppData, type PathContext } from './cache-paths';
import type { CacheSource } from './ecosystems';

/**
 * Yarn Berry (2+) keeps its cache where `.yarnrc.yml` says: the project's `.yarn/cache` (`cacheFolder`)
 * when `enableGlobalCache` is false, else `<globalFolder>/cache`. Read from the files rather than asked:
 * `yarn` on PATH may be Yarn 1, which does not know these settings, and the files are what Berry reads.
 * https://yarnpkg.com/configuration/yarnrc
 */
export async function yarnBerryCaches(
  ctx: PathContext,
  project: string,
  lockFile: string,
): Promise<CacheSource[] | undefined> {
  const lock = await readText(lockFile);
  const metadata = /^__metadata:\s*\n\s+version:\s*(\d+)/m.exec(lock ?? '');
  if (!metadata) return undefined; // Yarn 1: its lock file has no __metadata.
  const settings = await berrySettings(ctx, project);
  // Yarn 4 (lock format 8 and later) turned the global cache on by default; Yarn 2 and 3 had it off.
  const global = settings.enableGlobalCache ?? Number(metadata[1]) >= 8;
  const folder = global
    ? join(settings.globalFolder ?? defaultGlobalFolder(ctx), 'cache')
    : (settings.cacheFolder ?? join(project, '.yarn', 'cache'));
  return [{ local: !global, documented: () => [folder] }];
}

interface BerrySettings {
  enableGlobalCache?: boolean;
  cacheFolder?: string;
  globalFolder?: string;
}

/** Env first (YARN_ENABLE_GLOBAL_CACHE...), then the closest `.yarnrc.yml`, then the one in the home folder. */
async function berrySettings(ctx: PathContext, project: string): Promise<BerrySettings> {
  const settings: BerrySettings = {};
  const fromEnv = envValue(ctx, 'YARN_ENABLE_GLOBAL_CACHE');
  if (fromEnv !== undefined) settings.enableGlobalCache = isTrue(fromEnv);
  const cacheFolder = envValue(ctx, 'YARN_CACHE_FOLDER');
  if (cacheFolder !== undefined) settings.cacheFolder = resolve(project, cacheFolder);
  const globalFolder = envValue(ctx, 'YARN_GLOBAL_FOLDER');
  if (globalFolder !== undefined) settings.globalFolder = resolve(project, globalFolder);
  for (const folder of [...ancestors(project), ctx.homedir]) {
    const text = await readText(join(folder, '.yarnrc.yml'));
    if (text === undefined) continue;
    const values = topLevelValues(text);
    if (settings.enableGlobalCache === undefined && values.enableGlobalCache !== undefined) {
      settings.enableGlobalCache = isTrue(values.enableGlobalCache);
    }
    // Relative paths in a yarnrc are relative to the file's own folder.
    if (settings.cacheFolder === undefined && values.cacheFolder)
      settings.cacheFolder = resolve(folder, values.cacheFolder);
    if (settings.globalFolder === undefined && values.globalFolder) {
      settings.globalFolder = resolve(folder, values.globalFolder);
    }
  }
  return settings;
}

/** Berry's getDefaultGlobalFolder: %LOCALAPPDATA%\Yarn\Berry, $XDG_DATA_HOME/yarn/berry, or ~/.yarn/berry. */
function defaultGlobalFolder(ctx: PathContext): string {
  if (ctx.platform === 'win32') return joinPath(ctx, localAppData(ctx), 'Yarn', 'Berry');
  const dataHome = envValue(ctx, 'XDG_DATA_HOME');
  return dataHome !== undefined
    ? joinPath(ctx, dataHome, 'yarn', 'berry')
    : joinPath(ctx, ctx.homedir, '.yarn', 'berry');
}

function ancestors(folder: string): string[] {
  const list = [folder];
  for (let parent = dirname(folder); parent !== list[list.length - 1]; parent = dirname(parent)) list.push(parent);
  return list;
}

/** `key: value` lines at the top level of a YAML file: the three scalar settings we need, nothing more. */
function topLevelValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z][\w]*):\s*(.*?)\s*$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    const value = match[2].replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2');
    values[match[1]] = value;
  }
  return values;
}

function isTrue(value: string): boolean {
  return /^(true|1)$/i.test(value.trim());
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
