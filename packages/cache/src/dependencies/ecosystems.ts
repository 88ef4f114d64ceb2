import { join } from 'node:path';
import {
  envValue,
  joinPath,
  localAppData,
  type PathContext,
  resolvePath,
  userCacheDir,
  xdgCacheHome,
} from './cache-paths';
import type { ToolCommand } from './tools';
import { yarnBerryCaches } from './yarn';

export type EcosystemName =
  | 'npm'
  | 'pnpm'
  | 'yarn'
  | 'bun'
  | 'pip'
  | 'pipenv'
  | 'poetry'
  | 'uv'
  | 'cargo'
  | 'go'
  | 'gradle'
  | 'maven'
  | 'composer'
  | 'bundler'
  | 'nuget'
  | 'mix'
  | 'swiftpm';

/** One place a package manager keeps what it downloaded. */
export interface CacheSource {
  /** Ask the tool (cheap and reliable ones only); its last `lines` lines are the folders. */
  ask?: { command: ToolCommand; lines?: number; perProject?: boolean };
  /** Inside the project (resolved on this machine), not a per-user folder. */
  local?: boolean;
  /** The documented folders, env overrides first: used when the tool is absent or answers nonsense. */
  documented(ctx: PathContext, project: string): string[];
}

export interface Ecosystem {
  name: EcosystemName;
  isLockFile(fileName: string, siblings: ReadonlySet<string>, directoryName: string): boolean;
  version: ToolCommand;
  /** Group 1 is the version; default: the first dotted number. */
  versionPattern?: RegExp;
  caches: readonly CacheSource[];
  /** Replaces `caches` for one project when its lock file says so (Yarn Berry). */
  projectCaches?(ctx: PathContext, project: string, lockFile: string): Promise<CacheSource[] | undefined>;
  /** Folders beside a lock file that hold this tool's installs or caches: never walked for lock files. */
  skipBeside?: readonly string[];
}

const named =
  (...names: string[]) =>
  (fileName: string): boolean =>
    names.includes(fileName);

/** `name` read from the env, or the first documented default. */
function fromEnv(ctx: PathContext, names: readonly string[], then: () => string): string {
  for (const name of names) {
    const value = envValue(ctx, name);
    if (value !== undefined) return value;
  }
  return then();
}

function byOs(ctx: PathContext, folders: { win32: () => string; darwin: () => string; linux: () => string }): string {
  if (ctx.platform === 'win32') return folders.win32();
  if (ctx.platform === 'darwin') return folders.darwin();
  return folders.linux();
}

/** pip's cache, shared by pip and pipenv (pipenv installs through pip). */
const PIP_CACHE: CacheSource = {
  ask: { command: { file: 'pip', args: ['cache', 'dir'] } },
  documented: (ctx) => [
    fromEnv(ctx, ['PIP_CACHE_DIR'], () =>
      byOs(ctx, {
        win32: () => joinPath(ctx, localAppData(ctx), 'pip', 'Cache'),
        darwin: () => joinPath(ctx, userCacheDir(ctx), 'pip'),
        linux: () => joinPath(ctx, userCacheDir(ctx), 'pip'),
      }),
    ),
  ],
};

/** Yarn 1's cache root plus the `v6` its cache layout version appends. */
const YARN_CLASSIC_CACHE: CacheSource = {
  ask: { command: { file: 'yarn', args: ['cache', 'dir'] }, perProject: true },
  documented: (ctx) => [
    joinPath(
      ctx,
      fromEnv(ctx, ['YARN_CACHE_FOLDER'], () =>
        byOs(ctx, {
          win32: () => joinPath(ctx, localAppData(ctx), 'Yarn', 'Cache'),
          darwin: () => joinPath(ctx, ctx.homedir, 'Library', 'Caches', 'Yarn'),
          linux: () => joinPath(ctx, xdgCacheHome(ctx), 'yarn'),
        }),
      ),
      'v6',
    ),
  ],
};

/** A folder inside the project, or where an env variable moves it (relative to the project). */
function projectFolder(ctx: PathContext, project: string, variable: string, fallback: string): string {
  const value = envValue(ctx, variable);
  return value !== undefined ? resolvePath(ctx, project, value) : join(project, fallback);
}

export const ECOSYSTEMS: readonly Ecosystem[] = [
  {
    name: 'npm',
    isLockFile: named('package-lock.json', 'npm-shrinkwrap.json'),
    version: { file: 'npm', args: ['--version'] },
    caches: [
      {
        ask: { command: { file: 'npm', args: ['config', 'get', 'cache'] }, perProject: true },
        documented: (ctx) => [
          fromEnv(ctx, ['npm_config_cache', 'NPM_CONFIG_CACHE'], () =>
            ctx.platform === 'win32'
              ? joinPath(ctx, localAppData(ctx), 'npm-cache')
              : joinPath(ctx, ctx.homedir, '.npm'),
          ),
        ],
      },
    ],
  },
  {
    name: 'pnpm',
    isLockFile: named('pnpm-lock.yaml'),
    version: { file: 'pnpm', args: ['--version'] },
    caches: [
      {
        // The answer ends in the store layout version (v10); the documented folder is its parent.
        ask: { command: { file: 'pnpm', args: ['store', 'path'] }, perProject: true },
        documented: (ctx) => {
          const storeDir = envValue(ctx, 'npm_config_store_dir') ?? envValue(ctx, 'pnpm_config_store_dir');
          if (storeDir !== undefined) return [storeDir];
          const pnpmHome = envValue(ctx, 'PNPM_HOME');
          if (pnpmHome !== undefined) return [joinPath(ctx, pnpmHome, 'store')];
          const dataHome = envValue(ctx, 'XDG_DATA_HOME');
          if (dataHome !== undefined) return [joinPath(ctx, dataHome, 'pnpm', 'store')];
          return [
            byOs(ctx, {
              win32: () => joinPath(ctx, localAppData(ctx), 'pnpm', 'store'),
              darwin: () => joinPath(ctx, ctx.homedir, 'Library', 'pnpm', 'store'),
              linux: () => joinPath(ctx, ctx.homedir, '.local', 'share', 'pnpm', 'store'),
            }),
          ];
        },
      },
    ],
  },
  {
    name: 'yarn',
    isLockFile: named('yarn.lock'),
    version: { file: 'yarn', args: ['--version'] },
    caches: [YARN_CLASSIC_CACHE],
    projectCaches: yarnBerryCaches,
  },
  {
    name: 'bun',
    isLockFile: named('bun.lock', 'bun.lockb'),
    version: { file: 'bun', args: ['--version'] },
    caches: [
      {
        ask: { command: { file: 'bun', args: ['pm', 'cache'] }, perProject: true },
        documented: (ctx) => [
          fromEnv(ctx, ['BUN_INSTALL_CACHE_DIR'], () =>
            joinPath(
              ctx,
              fromEnv(ctx, ['BUN_INSTALL'], () => joinPath(ctx, ctx.homedir, '.bun')),
              'install',
              'cache',
            ),
          ),
        ],
      },
    ],
  },
  {
    name: 'pip',
    isLockFile: (fileName, _siblings, directoryName) =>
      /^requirements.*\.txt$/i.test(fileName) || (directoryName === 'requirements' && fileName.endsWith('.txt')),
    version: { file: 'pip', args: ['--version'] },
    versionPattern: /pip (\S+)/,
    caches: [PIP_CACHE],
  },
  {
    name: 'pipenv',
    isLockFile: named('Pipfile.lock'),
    version: { file: 'pipenv', args: ['--version'] },
    caches: [
      PIP_CACHE,
      {
        documented: (ctx) => [
          fromEnv(ctx, ['PIPENV_CACHE_DIR'], () =>
            byOs(ctx, {
              win32: () => joinPath(ctx, localAppData(ctx), 'pipenv', 'pipenv', 'Cache'),
              darwin: () => joinPath(ctx, userCacheDir(ctx), 'pipenv'),
              linux: () => joinPath(ctx, userCacheDir(ctx), 'pipenv'),
            }),
          ),
        ],
      },
    ],
  },
  {
    name: 'poetry',
    isLockFile: named('poetry.lock'),
    version: { file: 'poetry', args: ['--version'] },
    caches: [
      {
        ask: { command: { file: 'poetry', args: ['config', 'cache-dir'] }, perProject: true },
        documented: (ctx) => [
          fromEnv(ctx, ['POETRY_CACHE_DIR'], () =>
            byOs(ctx, {
              win32: () => joinPath(ctx, localAppData(ctx), 'pypoetry', 'Cache'),
              darwin: () => joinPath(ctx, userCacheDir(ctx), 'pypoetry'),
              linux: () => joinPath(ctx, userCacheDir(ctx), 'pypoetry'),
            }),
          ),
        ],
      },
    ],
  },
  {
    name: 'uv',
    isLockFile: named('uv.lock'),
    version: { file: 'uv', args: ['--version'] },
    caches: [
      {
        ask: { command: { file: 'uv', args: ['cache', 'dir'] }, perProject: true },
        // uv follows XDG on macOS too, not ~/Library/Caches.
        documented: (ctx) => [
          fromEnv(ctx, ['UV_CACHE_DIR'], () =>
            ctx.platform === 'win32'
              ? joinPath(ctx, localAppData(ctx), 'uv', 'cache')
              : joinPath(ctx, xdgCacheHome(ctx), 'uv'),
          ),
        ],
      },
    ],
  },
  {
    name: 'cargo',
    isLockFile: named('Cargo.lock'),
    version: { file: 'cargo', args: ['--version'] },
    caches: [
      {
        // The Cargo Book's "Caching the Cargo home in CI": the registry index and crates, and git checkouts' databases.
        documented: (ctx) => {
          const home = fromEnv(ctx, ['CARGO_HOME'], () => joinPath(ctx, ctx.homedir, '.cargo'));
          return [
            joinPath(ctx, home, 'registry', 'index'),
            joinPath(ctx, home, 'registry', 'cache'),
            joinPath(ctx, home, 'git', 'db'),
          ];
        },
      },
    ],
  },
  {
    name: 'go',
    isLockFile: (fileName, siblings) =>
      fileName === 'go.sum' || fileName === 'go.work.sum' || (fileName === 'go.mod' && !siblings.has('go.sum')),
    version: { file: 'go', args: ['env', 'GOVERSION'] },
    versionPattern: /go(\S+)/,
    caches: [
      {
        // The module cache and the build cache, as setup-go caches them.
        ask: { command: { file: 'go', args: ['env', 'GOMODCACHE', 'GOCACHE'] }, lines: 2 },
        documented: (ctx) => {
          const gopath = envValue(ctx, 'GOPATH')?.split(ctx.platform === 'win32' ? ';' : ':')[0];
          const modCache = fromEnv(ctx, ['GOMODCACHE'], () =>
            joinPath(ctx, gopath || joinPath(ctx, ctx.homedir, 'go'), 'pkg', 'mod'),
          );
          const buildCache = envValue(ctx, 'GOCACHE') ?? joinPath(ctx, userCacheDir(ctx), 'go-build');
          return buildCache === 'off' ? [modCache] : [modCache, buildCache];
        },
      },
    ],
  },
  {
    name: 'gradle',
    isLockFile: (fileName) =>
      /\.gradle(\.kts)?$/.test(fileName) ||
      /gradle\.lockfile$/.test(fileName) ||
      fileName === 'gradle-wrapper.properties' ||
      fileName.endsWith('.versions.toml'),
    version: { file: 'gradle', args: ['--version'] },
    caches: [
      {
        documented: (ctx) => {
          const home = fromEnv(ctx, ['GRADLE_USER_HOME'], () => joinPath(ctx, ctx.homedir, '.gradle'));
          return [joinPath(ctx, home, 'caches'), joinPath(ctx, home, 'wrapper')];
        },
      },
    ],
  },
  {
    name: 'maven',
    isLockFile: named('pom.xml'),
    // Maven colours its banner even when piped; batch mode turns that off.
    version: { file: 'mvn', args: ['--batch-mode', '--version'] },
    versionPattern: /Apache Maven (\S+)/,
    caches: [
      {
        documented: (ctx) => {
          const options = `${ctx.env.MAVEN_OPTS ?? ''} ${ctx.env.MAVEN_ARGS ?? ''}`;
          const local = /-Dmaven\.repo\.local=("[^"]+"|\S+)/.exec(options)?.[1]?.replace(/^"|"$/g, '');
          return [local ?? joinPath(ctx, ctx.homedir, '.m2', 'repository')];
        },
      },
    ],
  },
  {
    name: 'composer',
    isLockFile: named('composer.lock'),
    version: { file: 'composer', args: ['--version'] },
    versionPattern: /Composer (?:version )?(\S+)/,
    caches: [
      {
        ask: { command: { file: 'composer', args: ['config', '--global', 'cache-files-dir'] } },
        documented: (ctx) => {
          const cacheDir = envValue(ctx, 'COMPOSER_CACHE_DIR');
          if (cacheDir !== undefined) return [joinPath(ctx, cacheDir, 'files')];
          const home = envValue(ctx, 'COMPOSER_HOME');
          if (home !== undefined) return [joinPath(ctx, home, 'cache', 'files')];
          return [
            byOs(ctx, {
              win32: () => joinPath(ctx, localAppData(ctx), 'Composer', 'files'),
              darwin: () => joinPath(ctx, userCacheDir(ctx), 'composer', 'files'),
              linux: () => joinPath(ctx, xdgCacheHome(ctx), 'composer', 'files'),
            }),
          ];
        },
      },
    ],
  },
  {
    name: 'bundler',
    isLockFile: named('Gemfile.lock', 'gems.locked'),
    version: { file: 'bundle', args: ['--version'] },
    caches: [
      {
        // setup-ruby's bundler-cache installs into vendor/bundle; BUNDLE_PATH moves it.
        local: true,
        documented: (ctx, project) => [projectFolder(ctx, project, 'BUNDLE_PATH', join('vendor', 'bundle'))],
      },
    ],
  },
  {
    name: 'nuget',
    isLockFile: named('packages.lock.json'),
    version: { file: 'dotnet', args: ['--version'] },
    caches: [
      {
        documented: (ctx) => [fromEnv(ctx, ['NUGET_PACKAGES'], () => joinPath(ctx, ctx.homedir, '.nuget', 'packages'))],
      },
    ],
  },
  {
    name: 'mix',
    isLockFile: named('mix.lock'),
    version: { file: 'mix', args: ['--version'] },
    versionPattern: /Mix (\S+)/,
    skipBeside: ['deps', '_build'],
    caches: [
      {
        // Fetched dependencies and their compiled form, as GitHub's Elixir guide caches them.
        local: true,
        documented: (ctx, project) => [
          projectFolder(ctx, project, 'MIX_DEPS_PATH', 'deps'),
          projectFolder(ctx, project, 'MIX_BUILD_ROOT', '_build'),
        ],
      },
    ],
  },
  {
    name: 'swiftpm',
    isLockFile: named('Package.resolved'),
    version: { file: 'swift', args: ['--version'] },
    versionPattern: /Swift version (\S+)/,
    skipBeside: ['.build'],
    caches: [
      { local: true, documented: (_ctx, project) => [join(project, '.build')] },
      { documented: (ctx) => [joinPath(ctx, userCacheDir(ctx), 'org.swift.swiftpm')] },
    ],
  },
];

export const ECOSYSTEM_NAMES: readonly EcosystemName[] = ECOSYSTEMS.map((ecosystem) => ecosystem.name);
