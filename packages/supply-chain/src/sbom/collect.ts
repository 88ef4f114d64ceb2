import { readdir } from 'node:fs/promises';
import { basename, join, posix, resolve } from 'node:path';
import { DEFAULT_SKIPPED_DIRECTORIES, detectLocks } from './detect';
import { LockGraph, mergeComponent } from './graph';
import type { LockContext } from './locks/context';
import { type ManifestProject, projectIn, readOptional } from './manifests';
import type { Component, LockSource, Project, Sbom } from './model';

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

  const components = new Map<string, Component>();
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => {
    if (from === to) return;
    let targets = edges.get(from);
    if (!targets) {
      targets = new Set();
      edges.set(from, targets);
    }
    targets.add(to);
  };
  const addComponent = (component: Component) => {
    if (component.bomRef === root.bomRef) return;
    const existing = components.get(component.bomRef);
    if (existing) mergeComponent(existing, component);
    else components.set(component.bomRef, component);
  };

  const locks: LockSource[] = [];
  for (const { path, reader } of detection.locks) {
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const shownDir = join(workingDirectory, dir);
    const file = join(workingDirectory, path);
    const text = (await readOptional(file)) ?? '';

    // The lock's own project, when a manifest of its ecosystem beside it names one other than the root.
    const own = await projectIn(join(workingDirectory, dir), shownDir, reader.ecosystem);
    let projectRef = root.bomRef;
    const isRootManifest = own && dir === '' && own.manifest === root.manifest;
    if (own?.purl && !isRootManifest) {
      projectRef = own.purl;
      addComponent({
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
      addEdge(root.bomRef, projectRef);
    }

    const graph = new LockGraph(projectRef);
    const context: LockContext = {
      file,
      text,
      graph,
      warn: (message) => warnings.push(message),
      readSibling: async (relative) => {
        const siblingText = await readOptional(join(workingDirectory, dir, relative));
        return siblingText === undefined ? undefined : { file: join(shownDir, relative), text: siblingText };
      },
      listDirectory: async (relative) => {
        try {
          const entries = await readdir(join(workingDirectory, dir, relative), { withFileTypes: true });
          return entries
            .filter((e) => e.isDirectory())
            .map((e) => e.name)
            .sort();
        } catch {
          return [];
        }
      },
    };
    const format = (await reader.read(context)) ?? reader.format;
    const result = graph.finish();
    for (const component of result.components) addComponent(component);
    for (const [from, targets] of result.edges) for (const to of targets) addEdge(from, to);
    locks.push({ path, format, components: result.components.length });
  }

  const sorted = [...components.values()].sort((a, b) => compare(a.bomRef, b.bomRef));
  const dependencies = new Map<string, string[]>();
  for (const ref of [root.bomRef, ...sorted.map((c) => c.bomRef)]) {
    const targets = [...(edges.get(ref) ?? [])].filter((to) => components.has(to)).sort(compare);
    dependencies.set(ref, targets);
  }
  return { root, components: sorted, dependencies, locks, warnings };
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
