import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import { hashesFromSri } from '../hashes';
import { parseJsonc } from '../parse';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * bun.lock, the text lockfile of bun 1.2+ (JSON with trailing commas). `packages` is keyed by install
 * path (`parent/child` for a nested copy) and each value is a tuple whose first item is `name@resolution`:
 *   npm: [ident, registry, info, integrity]; workspace: [ident]; git, github, tarball, folder: [ident, info, ...].
 * `workspaces` holds each workspace's declared dependencies, dev ones included.
 */

export const bunLockReader: LockReader = { format: 'bun-lock', ecosystem: 'npm', read: readBunLock };

const GROUPS: [string, EdgeKind][] = [
  ['dependencies', 'required'],
  ['peerDependencies', 'required'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

function readBunLock(context: LockContext): undefined {
  const lock = asRecord(parseJsonc(context.file, context.text));
  const packages = asRecord(lock?.packages);
  if (!lock || !packages) throw new FileError({ file: context.file, line: 1 }, 'not a bun.lock: no "packages"');
  const bun = new BunLock(context, asRecord(lock.workspaces) ?? {});
  for (const [key, raw] of Object.entries(packages)) {
    if (Array.isArray(raw) && typeof raw[0] === 'string') bun.addPackage(key, raw[0], raw);
  }
  bun.linkPackages();
  bun.linkWorkspaces();
  return undefined;
}

class BunLock {
  /** bom-refs by install path. */
  readonly #refs = new Map<string, string>();
  /** Each package's info object (its dependencies), by install path. */
  readonly #infos = new Map<string, Record<string, unknown>>();
  /** Workspace members by path, with their packages-key (their name) to resolve their own nested copies. */
  readonly #members = new Map<string, { ref: string; key: string }>();

  constructor(
    private readonly context: LockContext,
    private readonly workspaces: Record<string, unknown>,
  ) {}

  addPackage(key: string, ident: string, tuple: unknown[]): void {
    const at = ident.indexOf('@', 1);
    const name = at > 0 ? ident.slice(0, at) : ident;
    const resolution = at > 0 ? ident.slice(at + 1) : '';
    if (resolution.startsWith('workspace:')) this.#addMember(key, name, resolution.slice('workspace:'.length));
    else if (!resolution.startsWith('root:')) this.#addDependency(key, name, resolution, tuple);
  }

  linkPackages(): void {
    for (const [key, info] of this.#infos) {
      const from = this.#refs.get(key);
      if (from) this.#link(from, key, info, GROUPS.slice(0, 3));
    }
  }

  /** Each workspace's declared dependencies, dev ones included; '' is the root project. */
  linkWorkspaces(): void {
    for (const [path, raw] of Object.entries(this.workspaces)) {
      const member = path === '' ? undefined : this.#members.get(path);
      const from = path === '' ? this.context.graph.projectRef : member?.ref;
      if (from) this.#link(from, member?.key ?? '', asRecord(raw) ?? {}, GROUPS);
    }
  }

  #addMember(key: string, name: string, path: string): void {
    const { graph } = this.context;
    const info = asRecord(this.workspaces[path]);
    const ref = graph.add({ name, version: asString(info?.version) ?? '', ecosystem: 'npm', isProject: true });
    this.#refs.set(key, ref);
    this.#members.set(path, { ref, key });
    graph.edge(graph.projectRef, ref, 'required');
  }

  #addDependency(key: string, name: string, resolution: string, tuple: unknown[]): void {
    // npm packages carry [ident, registry, info, integrity]; the others [ident, info, ...].
    const isNpm = typeof tuple[1] === 'string';
    const info = asRecord(isNpm ? tuple[2] : tuple[1]) ?? {};
    const version = asString(info.version) ?? resolution;
    if (!version) {
      this.context.warn(`${this.context.file}: package "${key}" has no version; it is not in the SBOM`);
      return;
    }
    const ref = this.context.graph.add({
      name,
      version,
      ecosystem: 'npm',
      hashes: isNpm ? hashesFromSri(tuple[3]) : [],
      downloadLocation: /^(git\+|github:|https?:)/.test(resolution) ? resolution : undefined,
    });
    this.#refs.set(key, ref);
    this.#infos.set(key, info);
  }

  #link(from: string, key: string, declared: Record<string, unknown>, groups: [string, EdgeKind][]): void {
    for (const [group, kind] of groups) {
      for (const name of Object.keys(asRecord(declared[group]) ?? {})) {
        const ref = this.#resolve(key, name);
        if (ref) this.context.graph.edge(from, ref, kind);
      }
    }
  }

  /** Node-style lookup through the install-path keys: `a/b` + `c` tries `a/b/c`, `a/c`, `c`. */
  #resolve(fromKey: string, dependency: string): string | undefined {
    const segments = splitKey(fromKey);
    for (let depth = segments.length; depth >= 0; depth--) {
      const ref = this.#refs.get([...segments.slice(0, depth), dependency].join('/'));
      if (ref) return ref;
    }
    return undefined;
  }
}

/** `@scope/a/b` → [`@scope/a`, `b`]: a scoped name is one segment. */
function splitKey(key: string): string[] {
  if (!key) return [];
  const parts = key.split('/');
  const segments: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.startsWith('@') && i + 1 < parts.length) segments.push(`${part}/${parts[++i]}`);
    else segments.push(part);
  }
  return segments;
}
