import { posix, win32 } from 'node:path';

/**
 * Where the OS puts per-user folders, for the OS the cache is for (not necessarily this one: tests
 * ask for Windows paths on Linux). Every rule reads the injected env and home, never process-wide state.
 */
export interface PathContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

function pathModule(ctx: PathContext): typeof posix {
  return ctx.platform === 'win32' ? win32 : posix;
}

/** Joins with the target OS's separators. */
export function joinPath(ctx: PathContext, ...parts: string[]): string {
  return pathModule(ctx).join(...parts);
}

/** `value` made absolute against `base` (a relative env override means the project's folder). */
export function resolvePath(ctx: PathContext, base: string, value: string): string {
  return pathModule(ctx).resolve(base, value);
}

export function isAbsolutePath(ctx: PathContext, value: string): boolean {
  return pathModule(ctx).isAbsolute(value);
}

/** A folder as tools print it, normalised and without a trailing separator, so equal folders dedupe. */
export function normalizeFolder(ctx: PathContext, value: string): string {
  const path = pathModule(ctx);
  const normalized = path.normalize(value);
  const root = path.parse(normalized).root;
  return normalized.length > root.length ? normalized.replace(/[\\/]+$/, '') : normalized;
}

/** An env variable that is set and non-empty (an empty value means unset to every tool we model). */
export function envValue(ctx: PathContext, name: string): string | undefined {
  const value = ctx.env[name];
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** %LOCALAPPDATA% on Windows, falling back to where Windows puts it. */
export function localAppData(ctx: PathContext): string {
  return envValue(ctx, 'LOCALAPPDATA') ?? joinPath(ctx, ctx.homedir, 'AppData', 'Local');
}

/**
 * The per-user cache root: $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
 * %LOCALAPPDATA% on Windows (Go's os.UserCacheDir, Python's platformdirs).
 */
export function userCacheDir(ctx: PathContext): string {
  if (ctx.platform === 'win32') return localAppData(ctx);
  if (ctx.platform === 'darwin') return joinPath(ctx, ctx.homedir, 'Library', 'Caches');
  return xdgCacheHome(ctx);
}

/** $XDG_CACHE_HOME or ~/.cache: what tools that follow XDG on every Unix (uv) use, macOS included. */
export function xdgCacheHome(ctx: PathContext): string {
  return envValue(ctx, 'XDG_CACHE_HOME') ?? joinPath(ctx, ctx.homedir, '.cache');
}

/** True when `child` is `parent` or lies inside it (both normalised absolute paths of one OS). */
export function isInside(ctx: PathContext, child: string, parent: string): boolean {
  const path = pathModule(ctx);
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
