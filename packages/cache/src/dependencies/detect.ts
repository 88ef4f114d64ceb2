import { homedir as osHomedir } from 'node:os';
import { dirname, normalize, resolve } from 'node:path';
import { InputError } from '@ccm/toolkit';
import { isInside, normalizeFolder, type PathContext } from './cache-paths';
import { type CacheSource, ECOSYSTEM_NAMES, ECOSYSTEMS, type Ecosystem, type EcosystemName } from './ecosystems';
import { askFolders, askVersion, limitConcurrency, type ToolRunner, toolRunner } from './tools';
import { compare, findLockFiles } from './walk';

export interface DetectOptions {
  /** From input `ecosystems`: detect only these. */
  only?: readonly string[];
  /** Default process.platform. */
  platform?: NodeJS.Platform;
  /** Default process.arch. */
  arch?: string;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default os.homedir(). */
  homedir?: string;
  /** Default runTool; tests inject fakes. */
  tools?: ToolRunner;
  /**
   * Default true: ask each package manager for its version and cache folders. Running one runs
   * what the repository configures (Yarn's `yarnPath`, Maven's `.mvn/jvm.config`); false keys from
   * the lock files alone and takes the documented folders, running nothing.
   */
  askTools?: boolean;
}

export interface DetectedEcosystem {
  name: EcosystemName;
  /** Absolute, sorted: every project of this ecosystem under the root. */
  lockFiles: string[];
  /** Absolute cache folders for this OS, sorted. */
  cachePaths: string[];
  /** As the tool reports it; 'absent' when the tool is not installed, 'not asked' with askTools: false. */
  toolVersion: string;
}

/** The tool version of every ecosystem when tools are not asked: part of the key, so it differs from 'absent'. */
export const NOT_ASKED = 'not asked';

/** Few enough forks that a runner stays responsive, enough that ten tools answer in one round. */
const TOOL_CONCURRENCY = 8;

/** The package managers with lock files under root, with their caches and tool versions, sorted by name. */
export async function detectEcosystems(root: string, options: DetectOptions = {}): Promise<DetectedEcosystem[]> {
  const wanted = selectEcosystems(options.only);
  const ctx: PathContext = {
    platform: options.platform ?? process.platform,
    env: options.env ?? process.env,
    homedir: options.homedir ?? osHomedir(),
  };
  const absoluteRoot = resolve(root);
  const found = await lockFilesUnder(absoluteRoot, ctx);
  const tools = options.askTools === false ? undefined : (options.tools ?? toolRunner(ctx.env));
  const resolver = new CacheResolver(ctx, tools && limitConcurrency(tools, TOOL_CONCURRENCY));
  const detected = await Promise.all(
    wanted.flatMap((ecosystem) => {
      const lockFiles = found.filter((lock) => lock.ecosystem === ecosystem.name).map((lock) => lock.file);
      return lockFiles.length > 0 ? [resolver.describe(ecosystem, lockFiles)] : [];
    }),
  );
  // Lock files and project-local caches are paths on this machine, whatever OS the cache is for.
  const native: PathContext = { ...ctx, platform: process.platform };
  return withoutLocksInCaches(native, absoluteRoot, detected).sort((a, b) => compare(a.name, b.name));
}

/**
 * Every lock file under root, without asking any tool: what a test-suite fingerprint needs.
 * A per-user cache can sit under the root (GOPATH in the workspace): its thousands of go.mod files are not ours.
 */
export async function lockFilesUnder(
  absoluteRoot: string,
  ctx: PathContext = { platform: process.platform, env: process.env, homedir: osHomedir() },
) {
  const skipFolders = new Set(
    ECOSYSTEMS.flatMap((ecosystem) => ecosystem.caches.filter((source) => !source.local))
      .flatMap((source) => source.documented(ctx, absoluteRoot))
      .map((folder) => normalize(resolve(folder))),
  );
  return findLockFiles(absoluteRoot, ECOSYSTEMS, { skipFolders });
}

/** The ecosystems the `ecosystems` input names (all when empty); an unknown name is the user's mistake. */
export function selectEcosystems(only: readonly string[] | undefined): Ecosystem[] {
  const names = (only ?? []).map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  if (names.length === 0) return [...ECOSYSTEMS];
  for (const name of names) {
    if (!(ECOSYSTEM_NAMES as readonly string[]).includes(name)) {
      throw new InputError('ecosystems', `unknown ecosystem ${name}; known: ${ECOSYSTEM_NAMES.join(', ')}`);
    }
  }
  return ECOSYSTEMS.filter((ecosystem) => names.includes(ecosystem.name));
}

/** Asks the tools (in parallel, each shared question once) and falls back to the documented folders. */
class CacheResolver {
  readonly #shared = new Map<CacheSource, Promise<string[] | undefined>>();

  /** `tools` undefined: run nothing, and use the documented folders. */
  constructor(
    private readonly ctx: PathContext,
    private readonly tools: ToolRunner | undefined,
  ) {}

  async describe(ecosystem: Ecosystem, lockFiles: string[]): Promise<DetectedEcosystem> {
    const projects = [...new Set(lockFiles.map((file) => dirname(file)))].sort(compare);
    const first = projects[0] as string;
    const [toolVersion, folders] = await Promise.all([
      this.tools ? askVersion(this.tools, ecosystem.version, first, ecosystem.versionPattern) : NOT_ASKED,
      Promise.all(projects.map((project) => this.#projectFolders(ecosystem, project, lockFiles, first))),
    ]);
    return { name: ecosystem.name, lockFiles, cachePaths: unique(folders.flat()), toolVersion };
  }

  async #projectFolders(ecosystem: Ecosystem, project: string, lockFiles: string[], first: string): Promise<string[]> {
    const lockFile = lockFiles.find((file) => dirname(file) === project) as string;
    const sources = (await ecosystem.projectCaches?.(this.ctx, project, lockFile)) ?? ecosystem.caches;
    const folders = await Promise.all(sources.map((source) => this.#sourceFolders(source, project, first)));
    return folders.flat();
  }

  async #sourceFolders(source: CacheSource, project: string, first: string): Promise<string[]> {
    const answer = source.ask ? await this.#ask(source, source.ask.perProject ? project : first) : undefined;
    if (answer) return answer;
    const documented = source.documented(this.ctx, project);
    return documented.map((folder) => (source.local ? normalize(folder) : normalizeFolder(this.ctx, folder)));
  }

  #ask(source: CacheSource, cwd: string): Promise<string[] | undefined> {
    const ask = source.ask;
    const tools = this.tools;
    if (!ask || !tools) return Promise.resolve(undefined);
    const question = () => askFolders(tools, ask.command, ask.lines ?? 1, cwd, this.ctx);
    if (ask.perProject) return question();
    let shared = this.#shared.get(source);
    if (!shared) {
      shared = question();
      this.#shared.set(source, shared);
    }
    return shared;
  }
}

/** Drops lock files that lie in a cache folder under the root (a vendored module cache), then empty ecosystems. */
function withoutLocksInCaches(ctx: PathContext, root: string, detected: DetectedEcosystem[]): DetectedEcosystem[] {
  const cachesUnderRoot = detected
    .flatMap((ecosystem) => ecosystem.cachePaths)
    .filter((folder) => folder !== root && isInside(ctx, folder, root));
  return detected
    .map((ecosystem) => ({
      ...ecosystem,
      lockFiles: ecosystem.lockFiles.filter((file) => !cachesUnderRoot.some((folder) => isInside(ctx, file, folder))),
    }))
    .filter((ecosystem) => ecosystem.lockFiles.length > 0);
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort(compare);
}
