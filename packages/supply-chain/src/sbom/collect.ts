import { readdir } from 'node:fs/promises';
import { basename, join, posix, resolve } from 'node:path';
import { DEFAULT_SKIPPED_DIRECTORIES, detectLocks, type FoundLock, type SeenManifest } from './detect';
import { LockGraph, mergeComponent } from './graph';
import type { LockContext } from './locks/context';
import { type ManifestProject, projectIn, readOptional } from './manifests';
import type { Component, Ecosystem, LockSource, Project, Sbom } from './model';

/**
 * Builds the SBOM of a working directory: every lock file in its tree, merged into one graph under
 * the project the directory's own manifest names. A lock in a subdirectory with a manifest of its
 * own (a nested project) hangs from the root as a component; without one, its packages hang from the root.
 */

export interface CollectOptions {
  workingDirectory: string;
  /** Directory names never entered; defaults to DEFAULT_SKIPPED_DIRECTORIES. */
  skipDirectories?: readonly string[];
}

export async function collectSbom(options: CollectOptions): Promise<Sbom> {
  const { workingDirectory } = options;
  const detection = await detectLocks(workingDirectory, options.skipDirectories ?? DEFAULT_SKIPPED_DIRECTORIES);
  const warnings = [...detection.warnings];
  const rootManifest = await projectIn(workingDirectory, workingDirectory);
  const root = toProject(rootManifest, basename(resolve(workingDirectory)), '');
  const collector = new Collector(workingDirectory, root, warnings);
  const locks: LockSource[] = [];
  for (const found of detection.locks) locks.push(await collector.read(found));
  const { components, dependencies } = collector.finish();
  if (components.length === 0) warnings.push(emptySbomWarning(locks, detection.manifests));
  return { root, components, dependencies, locks, warnings };
}

/** Why the SBOM lists no component: the locks read held none, or no lock was there to read. */
export function emptySbomWarning(locks: readonly LockSource[], manifests: readonly SeenManifest[]): string {
  const read =
    locks.length > 0
      ? `the lock files read (${locks.map((l) => l.path).join(', ')}) list no package`
      : 'no lock file was found to read';
  const seen =
    manifests.length > 0
      ? `; manifests seen but not read (the SBOM reads lock files): ${manifests
          .slice(0, 10)
          .map((m) => `${m.path} (needs ${m.needs})`)
          .join(', ')}${manifests.length > 10 ? `, and ${manifests.length - 10} more` : ''}`
      : '; no dependency manifest was seen either';
  return `the SBOM lists no component: ${read}${seen}`;
}

/** The graphs of every lock merged into one, under the root project. */
class Collector {
  readonly #components = new Map<string, Component>();
  readonly #edges = new Map<string, Set<string>>();

  constructor(
    private readonly workingDirectory: string,
    private readonly root: Project,
    private readonly warnings: string[],
  ) {}

  /** Reads one lock into the merged graph. */
  async read({ path, reader }: FoundLock): Promise<LockSource> {
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const file = join(this.workingDirectory, path);
    const text = (await readOptional(file)) ?? '';
    const graph = new LockGraph(await this.#projectOf(dir, reader.ecosystem));
    const format = (await reader.read(this.#context(dir, file, text, graph))) ?? reader.format;
    const result = graph.finish();
    for (const component of result.components) this.#addComponent(component);
    for (const [from, targets] of result.edges) for (const to of targets) this.#addEdge(from, to);
    return { path, format, components: result.components.length };
  }

  /** Components sorted by bom-ref; each one's (and the root's) dependencies sorted, known ones only. */
  finish(): Pick<Sbom, 'components' | 'dependencies'> {
    const components = [...this.#components.values()].sort((a, b) => compare(a.bomRef, b.bomRef));
    const dependencies = new Map<string, string[]>();
    for (const ref of [this.root.bomRef, ...components.map((c) => c.bomRef)]) {
      const targets = [...(this.#edges.get(ref) ?? [])].filter((to) => this.#components.has(to)).sort(compare);
      dependencies.set(ref, targets);
    }
    return { components, dependencies };
  }

  /**
   * The lock's own project, when a manifest of its ecosystem beside it names one other than the root:
   * it becomes a component hanging from the root. Otherwise the lock's packages hang from the root.
   */
  async #projectOf(dir: string, ecosystem: Ecosystem): Promise<string> {
    const { root } = this;
    const own = await projectIn(join(this.workingDirectory, dir), join(this.workingDirectory, dir), ecosystem);
    const isRootManifest = own && dir === '' && own.manifest === root.manifest;
    if (!own?.purl || isRootManifest) return root.bomRef;
    this.#addComponent({
      name: own.name,
      version: own.version ?? '',
      purl: own.purl,
      bomRef: own.purl,
      hashes: [],
      licenses: own.licenses,
      scope: 'required',
      ecosystem: own.ecosystem,
      properties: [{ name: 'ccm:manifest', value: posix.join(dir, own.manifest) }],
      isProject: true,
    });
    this.#addEdge(root.bomRef, own.purl);
    return own.purl;
  }

  #context(dir: string, file: string, text: string, graph: LockGraph): LockContext {
    const base = join(this.workingDirectory, dir);
    return {
      file,
      text,
      graph,
      warn: (message) => this.warnings.push(message),
      readSibling: async (relative) => {
        const siblingText = await readOptional(join(base, relative));
        return siblingText === undefined ? undefined : { file: join(base, relative), text: siblingText };
      },
      listDirectory: (relative) => directoriesIn(join(base, relative)),
    };
  }

  #addEdge(from: string, to: string): void {
    if (from === to) return;
    let targets = this.#edges.get(from);
    if (!targets) {
      targets = new Set();
      this.#edges.set(from, targets);
    }
    targets.add(to);
  }

  #addComponent(component: Component): void {
    if (component.bomRef === this.root.bomRef) return;
    const existing = this.#components.get(component.bomRef);
    if (existing) mergeComponent(existing, component);
    else this.#components.set(component.bomRef, component);
  }
}

/** Names of the directories in a directory, sorted; empty when it cannot be listed. */
async function directoriesIn(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function toProject(manifest: ManifestProject | undefined, fallbackName: string, dir: string): Project {
  if (!manifest) return { name: fallbackName, licenses: [], bomRef: `project:${fallbackName}` };
  return {
    name: manifest.name,
    version: manifest.version,
    purl: manifest.purl,
    licenses: manifest.licenses,
    ecosystem: manifest.ecosystem,
    bomRef: manifest.purl ?? `project:${manifest.name}`,
    manifest: posix.join(dir, manifest.manifest),
  };
}

/** Code-unit order, the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
