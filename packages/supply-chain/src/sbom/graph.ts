import type { Component, Ecosystem, Hash, Property, Scope } from './model';
import { purlFor, type Qualifiers } from './purl';

/**
 * The graph one lock file describes, built by its reader: packages, and edges from the lock's project
 * (`projectRef`) and between packages. An edge has a kind; a package's scope is the best kind over
 * the paths from the project, unless the lock states the scope itself (npm's `dev`, poetry's groups).
 */

export interface PackageInput {
  name: string;
  version: string;
  ecosystem: Ecosystem;
  /** Defaults to the purl built from ecosystem, name, version and qualifiers. */
  purl?: string;
  qualifiers?: Qualifiers;
  hashes?: Hash[];
  licenses?: string[];
  /** The scope the lock states; without it the scope follows from the edges. */
  scope?: Scope;
  downloadLocation?: string;
  properties?: Property[];
  isProject?: boolean;
}

export type EdgeKind = Scope;

const RANK: Record<Scope, number> = { required: 3, optional: 2, dev: 1 };

export function strongerScope(a: Scope, b: Scope): Scope {
  return RANK[a] >= RANK[b] ? a : b;
}

interface Node extends Component {
  statedScope?: Scope;
}

export class LockGraph {
  readonly projectRef: string;
  readonly #nodes = new Map<string, Node>();
  readonly #edges = new Map<string, Map<string, EdgeKind>>();

  constructor(projectRef: string) {
    this.projectRef = projectRef;
  }

  get size(): number {
    return this.#nodes.size;
  }

  has(ref: string): boolean {
    return this.#nodes.has(ref);
  }

  /** Adds a package, or merges it into the one with the same purl; returns its bom-ref. */
  add(input: PackageInput): string {
    const purl = input.purl ?? purlFor(input.ecosystem, input.name, input.version, input.qualifiers);
    const node: Node = {
      name: input.name,
      version: input.version,
      purl,
      bomRef: purl,
      ecosystem: input.ecosystem,
      hashes: (input.hashes ?? []).filter((h, i, all) => all.findIndex((o) => o.alg === h.alg) === i),
      licenses: [...(input.licenses ?? [])],
      scope: input.scope ?? 'required',
      statedScope: input.scope,
      downloadLocation: input.downloadLocation,
      properties: [...(input.properties ?? [])],
      isProject: input.isProject,
    };
    const existing = this.#nodes.get(purl);
    if (existing) {
      mergeComponent(existing, node);
      if (node.statedScope)
        existing.statedScope = existing.statedScope
          ? strongerScope(existing.statedScope, node.statedScope)
          : node.statedScope;
    } else {
      this.#nodes.set(purl, node);
    }
    return purl;
  }

  /** `from` (a bom-ref or the project) depends on `to`; the stronger kind wins when an edge repeats. */
  edge(from: string, to: string, kind: EdgeKind = 'required'): void {
    if (from === to) return;
    let targets = this.#edges.get(from);
    if (!targets) {
      targets = new Map();
      this.#edges.set(from, targets);
    }
    const previous = targets.get(to);
    targets.set(to, previous ? strongerScope(previous, kind) : kind);
  }

  /** Sets an edge's kind, weaker or not (a manifest says a dependency is dev-only). */
  setEdge(from: string, to: string, kind: EdgeKind): void {
    this.#edges.get(from)?.delete(to);
    this.edge(from, to, kind);
  }

  /** The packages with scopes resolved, and the edges (without kinds). */
  finish(): { components: Component[]; edges: Map<string, Set<string>> } {
    this.#linkOrphansToProject();
    const reach = (kinds: Set<EdgeKind>): Set<string> => {
      const seen = new Set<string>();
      const queue = [this.projectRef];
      for (let ref = queue.pop(); ref !== undefined; ref = queue.pop()) {
        for (const [to, kind] of this.#edges.get(ref) ?? []) {
          if (kinds.has(kind) && !seen.has(to)) {
            seen.add(to);
            queue.push(to);
          }
        }
      }
      return seen;
    };
    const required = reach(new Set(['required']));
    const optional = reach(new Set(['required', 'optional']));
    const any = reach(new Set(['required', 'optional', 'dev']));
    const components: Component[] = [];
    for (const node of this.#nodes.values()) {
      const { statedScope, ...component } = node;
      if (statedScope) component.scope = statedScope;
      else if (required.has(node.bomRef)) component.scope = 'required';
      else if (optional.has(node.bomRef)) component.scope = 'optional';
      else if (any.has(node.bomRef)) component.scope = 'dev';
      // Unreachable packages (a lock can hold them) keep `required`: claiming less would hide them.
      components.push(component);
    }
    const edges = new Map<string, Set<string>>();
    for (const [from, targets] of this.#edges) {
      if (from !== this.projectRef && !this.#nodes.has(from)) continue;
      const known = [...targets.keys()].filter((to) => this.#nodes.has(to));
      if (known.length > 0) edges.set(from, new Set(known));
    }
    return { components, edges };
  }

  /**
   * Packages nothing depends on hang from the project: the lock holds them for a reason it does not
   * record (a lock without the project's direct dependencies, an extraneous install).
   */
  #linkOrphansToProject(): void {
    const depended = new Set<string>();
    for (const targets of this.#edges.values()) for (const to of targets.keys()) depended.add(to);
    for (const [ref, node] of this.#nodes)
      if (!depended.has(ref)) this.edge(this.projectRef, ref, node.statedScope ?? 'required');
  }
}

/** Folds a second sighting of the same package into the first: union of facts, the stronger scope. */
export function mergeComponent(into: Component, from: Component): void {
  into.scope = strongerScope(into.scope, from.scope);
  for (const hash of from.hashes) if (!into.hashes.some((h) => h.alg === hash.alg)) into.hashes.push(hash);
  for (const license of from.licenses) if (!into.licenses.includes(license)) into.licenses.push(license);
  for (const p of from.properties)
    if (!into.properties.some((q) => q.name === p.name && q.value === p.value)) into.properties.push(p);
  into.downloadLocation ??= from.downloadLocation;
  if (from.isProject) into.isProject = true;
}
