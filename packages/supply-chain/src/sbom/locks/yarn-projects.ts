import { posix } from 'node:path';
import type { EdgeKind, LockGraph } from '../graph';
import { type PackageJsonDependencies, packageJsonDependencies } from '../manifests';
import { asRecord, asString, type LockContext } from './context';

/**
 * The projects of a yarn.lock: the root package.json and its workspaces. Direct dependencies and
 * their kinds come from package.json: berry's workspace entries merge dev and prod; classic does not
 * list the project at all.
 */

/** What project linking needs of the lock's entries (yarn.ts). */
export interface YarnEntries {
  berry: boolean;
  /** Berry's workspace entries by normalised path. */
  workspaces: Map<string, Record<string, unknown>>;
  lookup(name: string, range: string): string | undefined;
}

/** package.json files relative to the lock, each read once. */
export class Manifests {
  readonly #cache = new Map<string, Promise<PackageJsonDependencies | undefined>>();

  constructor(private readonly context: LockContext) {}

  get(path: string): Promise<PackageJsonDependencies | undefined> {
    let pending = this.#cache.get(path);
    if (!pending) {
      pending = this.context
        .readSibling(posix.join(path, 'package.json'))
        .then((found) => (found ? packageJsonDependencies(found.file, found.text) : undefined));
      this.#cache.set(path, pending);
    }
    return pending;
  }
}

type Member = [path: string, info: PackageJsonDependencies];

export async function linkProjects(context: LockContext, yarn: YarnEntries, manifests: Manifests): Promise<void> {
  const root = await manifests.get('.');
  if (!root) return;
  const members = yarn.berry ? await berryMembers(yarn, manifests) : await classicMembers(context, root, manifests);
  for (const [path, info] of [['.', root] as Member, ...members]) linkProject(context, yarn, path, info);
}

/** Classic: the root package.json's `workspaces`, each hung from the project. */
async function classicMembers(
  context: LockContext,
  root: PackageJsonDependencies,
  manifests: Manifests,
): Promise<Member[]> {
  const members: Member[] = [];
  const { graph } = context;
  for (const pattern of root.workspaces) {
    for (const path of await expandWorkspace(context, pattern)) {
      const info = await manifests.get(path);
      if (!info) continue;
      graph.edge(graph.projectRef, workspaceRef(graph, info, path), 'required');
      members.push([path, info]);
    }
  }
  return members;
}

/** Berry: the lock's workspace entries (added with the other entries). */
async function berryMembers(yarn: YarnEntries, manifests: Manifests): Promise<Member[]> {
  const members: Member[] = [];
  for (const path of yarn.workspaces.keys()) {
    const info = path === '.' ? undefined : await manifests.get(path);
    if (info) members.push([path, info]);
  }
  return members;
}

function linkProject(context: LockContext, yarn: YarnEntries, path: string, info: PackageJsonDependencies): void {
  const { graph } = context;
  const from = path === '.' ? graph.projectRef : workspaceRef(graph, info, path);
  const ranges = yarn.berry ? asRecord(yarn.workspaces.get(path)?.dependencies) : undefined;
  // Weakest first: a name listed twice keeps the stronger kind.
  const groups: [string[], EdgeKind][] = [
    [info.devDependencies, 'dev'],
    [info.optionalDependencies, 'optional'],
    [info.peerDependencies, 'required'],
    [info.dependencies, 'required'],
  ];
  for (const [names, kind] of groups) {
    for (const name of names) {
      const range = ranges ? asString(ranges[name]) : info.ranges[name];
      const target = range === undefined ? undefined : yarn.lookup(name, range);
      // package.json decides the kind: berry's workspace entry lists dev dependencies as plain ones.
      if (target) graph.setEdge(from, target, kind);
    }
  }
}

function workspaceRef(graph: LockGraph, info: PackageJsonDependencies, path: string): string {
  return graph.add({ name: info.name ?? path, version: info.version ?? '', ecosystem: 'npm', isProject: true });
}

/** Workspace patterns as yarn classic writes them: a path, or a path ending in `/*`. */
async function expandWorkspace(context: LockContext, pattern: string): Promise<string[]> {
  if (!pattern.endsWith('/*')) return [posix.normalize(pattern)];
  const base = pattern.slice(0, -2);
  const names = await context.listDirectory(base);
  return names.map((name) => posix.join(base, name));
}
