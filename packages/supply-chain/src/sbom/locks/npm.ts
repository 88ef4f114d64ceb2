import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import { hashesFromSri } from '../hashes';
import { licenseList, packageJsonDependencies } from '../manifests';
import type { Scope } from '../model';
import { parseJson } from '../parse';
import { asRecord, asString, dependencyNames, type LockContext, type LockReader } from './context';

/**
 * package-lock.json and npm-shrinkwrap.json. v2 and v3 locks are read from `packages` (keyed by
 * install path, resolved the way Node resolves `require`); v1 locks from the nested `dependencies` tree.
 */

export const packageLockReader: LockReader = { format: 'package-lock', ecosystem: 'npm', read: readNpmLock };
export const shrinkwrapReader: LockReader = { format: 'npm-shrinkwrap', ecosystem: 'npm', read: readNpmLock };

async function readNpmLock(context: LockContext): Promise<undefined> {
  const lock = asRecord(parseJson(context.file, context.text));
  if (!lock) throw new FileError({ file: context.file, line: 1 }, 'not a package-lock: expected a JSON object');
  const packages = asRecord(lock.packages);
  if (packages) {
    readPackages(context, packages);
    return undefined;
  }
  const dependencies = asRecord(lock.dependencies);
  if (dependencies || lock.lockfileVersion === 1) {
    await readV1(context, dependencies ?? {});
    return undefined;
  }
  throw new FileError({ file: context.file, line: 1 }, 'not a package-lock: neither "packages" nor "dependencies"');
}

function statedScope(entry: Record<string, unknown>): Scope {
  if (entry.dev === true) return 'dev';
  // devOptional: needed only by dev or optional packages; of the two, optional is the stronger claim.
  if (entry.optional === true || entry.devOptional === true) return 'optional';
  return 'required';
}

function downloadLocation(resolved: unknown): string | undefined {
  const url = asString(resolved);
  return url && /^(https?|git\+\w+|git|ssh):/.test(url) ? url : undefined;
}

function readPackages(context: LockContext, packages: Record<string, unknown>): void {
  const lock = new NpmPackages(context, packages);
  for (const [key, raw] of Object.entries(packages)) lock.add(key, asRecord(raw));
  for (const [key, raw] of Object.entries(packages)) lock.link(key, asRecord(raw));
  lock.linkMembers();
}

type KindOf = EdgeKind | ((name: string) => EdgeKind);

/** A v2/v3 lock's `packages`, keyed by install path. */
class NpmPackages {
  /** bom-refs by install path. */
  readonly #refs = new Map<string, string>();
  /** Workspace members: keys outside node_modules. */
  readonly #members: string[] = [];

  constructor(
    private readonly context: LockContext,
    private readonly packages: Record<string, unknown>,
  ) {}

  add(key: string, entry: Record<string, unknown> | undefined): void {
    if (key === '' || !entry || entry.link === true) return;
    const name = installedName(key, entry);
    const version = asString(entry.version);
    if (!name || !version) {
      this.context.warn(`${this.context.file}: "${key}" has no name or version; it is not in the SBOM`);
      return;
    }
    // A key outside node_modules is a workspace member's own directory.
    const isProject = !key.includes('node_modules/');
    const ref = this.context.graph.add({
      name,
      version,
      ecosystem: 'npm',
      hashes: hashesFromSri(entry.integrity),
      licenses: licenseList(entry.license ?? entry.licenses),
      scope: statedScope(entry),
      downloadLocation: downloadLocation(entry.resolved),
      isProject,
    });
    this.#refs.set(key, ref);
    if (isProject) this.#members.push(ref);
  }

  link(key: string, entry: Record<string, unknown> | undefined): void {
    const from = key === '' ? this.context.graph.projectRef : this.#refs.get(key);
    if (!entry || !from) return;
    for (const [map, kind] of dependencyGroups(key, entry)) {
      for (const name of dependencyNames(map)) {
        const target = this.#locate(key, name);
        const ref = target === undefined ? undefined : this.#refs.get(target);
        // Not installed (an optional peer, a platform-specific optional): no edge to draw.
        if (ref) this.context.graph.edge(from, ref, typeof kind === 'function' ? kind(name) : kind);
      }
    }
  }

  linkMembers(): void {
    const { graph } = this.context;
    for (const member of this.#members) graph.edge(graph.projectRef, member, 'required');
  }

  /** Where Node finds `dependency` from the package at `from`: its node_modules, then each parent's. */
  #locate(from: string, dependency: string): string | undefined {
    let base = from;
    for (;;) {
      const candidate = base ? `${base}/node_modules/${dependency}` : `node_modules/${dependency}`;
      const entry = asRecord(this.packages[candidate]);
      if (entry) return entry.link === true ? asString(entry.resolved) : candidate;
      if (!base) return undefined;
      const up = base.lastIndexOf('/node_modules/');
      base = up >= 0 ? base.slice(0, up) : '';
    }
  }
}

/** The entry's `name`, else the path after the last `node_modules/` (undefined for a member without one). */
function installedName(key: string, entry: Record<string, unknown>): string | undefined {
  const nm = key.lastIndexOf('node_modules/');
  return asString(entry.name) ?? (nm >= 0 ? key.slice(nm + 13) : undefined);
}

/** An entry's dependency maps with their kinds; dev ones count only for the root and workspace members. */
function dependencyGroups(key: string, entry: Record<string, unknown>): [unknown, KindOf][] {
  const peerMeta = asRecord(entry.peerDependenciesMeta) ?? {};
  const groups: [unknown, KindOf][] = [
    [entry.dependencies, 'required'],
    [entry.optionalDependencies, 'optional'],
    [entry.peerDependencies, (name) => (asRecord(peerMeta[name])?.optional === true ? 'optional' : 'required')],
  ];
  const isRootOrMember = key === '' || !key.includes('node_modules/');
  if (isRootOrMember) groups.push([entry.devDependencies, 'dev']);
  return groups;
}

interface V1Node {
  entry: Record<string, unknown>;
  ref: string;
  parent: V1Node | undefined;
}

async function readV1(context: LockContext, dependencies: Record<string, unknown>): Promise<undefined> {
  const { graph } = context;
  // For each `dependencies` object, the bom-refs of its packages by name: requires resolve upwards.
  const scopes = new Map<Record<string, unknown>, Map<string, string>>();
  const nodes: V1Node[] = [];
  const walk = (deps: Record<string, unknown>, parent: V1Node | undefined): void => {
    const named = new Map<string, string>();
    scopes.set(deps, named);
    for (const [key, raw] of Object.entries(deps)) {
      const entry = asRecord(raw);
      const declared = asString(entry?.version);
      if (!entry || !declared) continue;
      // An alias (`"foo": {"version": "npm:bar@1.0.0"}`) installs bar under the name foo.
      const alias = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(declared);
      const ref = graph.add({
        name: alias?.[1] ?? key,
        version: alias?.[2] ?? declared,
        ecosystem: 'npm',
        hashes: hashesFromSri(entry.integrity),
        scope: statedScope(entry),
        downloadLocation: downloadLocation(entry.resolved),
      });
      named.set(key, ref);
      const node = { entry, ref, parent };
      nodes.push(node);
      const nested = asRecord(entry.dependencies);
      if (nested) walk(nested, node);
    }
  };
  walk(dependencies, undefined);

  const resolve = (node: V1Node | undefined, name: string): string | undefined => {
    for (let at = node; at; at = at.parent) {
      const nested = asRecord(at.entry.dependencies);
      const ref = nested && scopes.get(nested)?.get(name);
      if (ref) return ref;
    }
    return scopes.get(dependencies)?.get(name);
  };
  for (const node of nodes) {
    for (const name of dependencyNames(node.entry.requires)) {
      const ref = resolve(node, name);
      if (ref) graph.edge(node.ref, ref);
    }
  }

  // v1 does not record the project's direct dependencies: package.json does.
  const manifest = await context.readSibling('package.json');
  if (!manifest) return;
  const direct = packageJsonDependencies(manifest.file, manifest.text);
  const groups: [string[], EdgeKind][] = [
    [direct.dependencies, 'required'],
    [direct.peerDependencies, 'required'],
    [direct.optionalDependencies, 'optional'],
    [direct.devDependencies, 'dev'],
  ];
  for (const [names, kind] of groups) {
    for (const name of names) {
      const ref = resolve(undefined, name);
      if (ref) graph.edge(graph.projectRef, ref, kind);
    }
  }
}
