import { posix } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import { hashesFromSri } from '../hashes';
import { packageJsonDependencies } from '../manifests';
import type { Scope } from '../model';
import { parseYaml } from '../parse';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * pnpm-lock.yaml, v5 (`/name/version_peers` keys), v6 (`/name@version(peers)`) and v9 (`name@version`
 * in `packages`, with the dependency graph in `snapshots`). Importers are the workspace's projects.
 */

export const pnpmLockReader: LockReader = { format: 'pnpm-lock', ecosystem: 'npm', read: readPnpmLock };

const DEPENDENCY_GROUPS: [string, EdgeKind][] = [
  ['dependencies', 'required'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

async function readPnpmLock(context: LockContext): Promise<undefined> {
  const lock = asRecord(parseYaml(context.file, context.text));
  if (!lock) throw new FileError({ file: context.file, line: 1 }, 'not a pnpm lock: expected a YAML mapping');
  const major = Number.parseFloat(String(lock.lockfileVersion ?? ''));
  if (!Number.isFinite(major))
    throw new FileError({ file: context.file, line: 1 }, 'not a pnpm lock: no lockfileVersion');
  const pnpm = new PnpmLock(context, lock, major);
  pnpm.addPackages();
  // Importers: the project itself ('.') and workspace members, linked by `link:` versions.
  const importers = asRecord(lock.importers) ?? { '.': lock };
  await pnpm.addImporters(Object.keys(importers));
  for (const [path, raw] of Object.entries(importers)) pnpm.linkImporter(path, asRecord(raw) ?? {});
  pnpm.linkSnapshots();
  return undefined;
}

class PnpmLock {
  readonly #packages: Record<string, unknown>;
  /** v9 keeps resolution data in `packages` and the graph in `snapshots`; older versions have both in `packages`. */
  readonly #snapshots: Record<string, unknown>;
  /** bom-refs by package key without its peer suffix. */
  readonly #baseRefs = new Map<string, string>();
  readonly #importerRefs: Map<string, string>;

  constructor(
    private readonly context: LockContext,
    lock: Record<string, unknown>,
    private readonly major: number,
  ) {
    this.#packages = asRecord(lock.packages) ?? {};
    this.#snapshots = major >= 9 ? (asRecord(lock.snapshots) ?? {}) : this.#packages;
    this.#importerRefs = new Map([['.', context.graph.projectRef]]);
  }

  addPackages(): void {
    for (const [key, raw] of Object.entries(this.#packages)) this.#addPackage(key, asRecord(raw) ?? {});
  }

  /** Workspace members (every importer but '.') as projects hanging from the root. */
  async addImporters(paths: string[]): Promise<void> {
    const { graph } = this.context;
    for (const path of paths) {
      if (path === '.') continue;
      const manifest = await this.context.readSibling(posix.join(path, 'package.json'));
      const info = manifest ? packageJsonDependencies(manifest.file, manifest.text) : undefined;
      const ref = graph.add({
        name: info?.name ?? path,
        version: info?.version ?? '',
        ecosystem: 'npm',
        isProject: true,
      });
      this.#importerRefs.set(path, ref);
      graph.edge(graph.projectRef, ref, 'required');
    }
  }

  linkImporter(path: string, importer: Record<string, unknown>): void {
    const from = this.#importerRefs.get(path);
    if (!from) return;
    for (const [group, kind] of DEPENDENCY_GROUPS) {
      for (const [name, spec] of Object.entries(asRecord(importer[group]) ?? {})) {
        // v6+: {specifier, version}; v5: the version itself.
        const value = asString(asRecord(spec)?.version) ?? asString(spec) ?? String(spec);
        const target = value.startsWith('link:') ? this.#linked(path, value) : this.#resolve(name, value);
        if (target) this.context.graph.edge(from, target, kind);
      }
    }
  }

  linkSnapshots(): void {
    for (const [key, raw] of Object.entries(this.#snapshots)) {
      const from = this.#refOf(key);
      const entry = asRecord(raw);
      if (from && entry) this.#linkSnapshot(from, entry);
    }
  }

  #linkSnapshot(from: string, entry: Record<string, unknown>): void {
    for (const [group, kind] of DEPENDENCY_GROUPS.slice(0, 2)) {
      for (const [name, spec] of Object.entries(asRecord(entry[group]) ?? {})) {
        const ref = this.#resolve(name, String(spec));
        if (ref) this.context.graph.edge(from, ref, kind);
      }
    }
  }

  #addPackage(key: string, entry: Record<string, unknown>): void {
    const parsed = parseKey(key, this.major);
    const name = asString(entry.name) ?? parsed?.name;
    const version = entry.version !== undefined ? String(entry.version) : parsed?.version;
    if (!name || !version) {
      this.context.warn(`${this.context.file}: package "${key}" has no name or version; it is not in the SBOM`);
      return;
    }
    const resolution = asRecord(entry.resolution) ?? {};
    const ref = this.context.graph.add({
      name,
      version,
      ecosystem: 'npm',
      hashes: hashesFromSri(resolution.integrity),
      // v5 and v6 state dev and optional; `dev: false` means production only, absent means both.
      scope: this.major < 9 ? statedScope(entry) : undefined,
      downloadLocation: asString(resolution.tarball) ?? gitLocation(resolution),
    });
    this.#baseRefs.set(stripPeers(key), ref);
  }

  #refOf(key: string): string | undefined {
    return this.#baseRefs.get(stripPeers(key));
  }

  /** The importer a `link:` version points to, relative to the importer that names it. */
  #linked(path: string, value: string): string | undefined {
    return this.#importerRefs.get(posix.normalize(posix.join(path, value.slice(5))));
  }

  /** The package a dependency (name and version as the lock writes them) resolves to. */
  #resolve(name: string, value: string): string | undefined {
    const key = candidateKeys(this.major, name, value).find(
      (k) => this.#snapshots[k] !== undefined || this.#refOf(k) !== undefined,
    );
    return key ? this.#refOf(key) : undefined;
  }
}

/** Where a dependency's entry may be: keyed by name and version, or the value is a key itself (an alias). */
function candidateKeys(major: number, name: string, value: string): string[] {
  if (major >= 9) return [`${name}@${value}`, value];
  if (major >= 6) return [`/${name}@${value}`, value, `/${value}`];
  return [`/${name}/${value}`, value, `/${value}`];
}

function statedScope(entry: Record<string, unknown>): Scope {
  if (entry.dev === true) return 'dev';
  return entry.optional === true ? 'optional' : 'required';
}

function gitLocation(resolution: Record<string, unknown>): string | undefined {
  const repo = asString(resolution.repo);
  const commit = asString(resolution.commit);
  return repo && commit ? `git+${repo}@${commit}` : undefined;
}

/** Peer suffixes: `(peer@1)(other@2)` in v6+, `_peer@1+x` in v5. */
function stripPeers(key: string): string {
  const paren = key.indexOf('(');
  if (paren > 0) return key.slice(0, paren);
  const slash = key.lastIndexOf('/');
  const underscore = key.indexOf('_', slash + 1);
  return underscore > 0 && key.startsWith('/') ? key.slice(0, underscore) : key;
}

function parseKey(key: string, major: number): { name: string; version: string } | undefined {
  const bare = stripPeers(key).replace(/^\//, '');
  if (major < 6) {
    const slash = bare.lastIndexOf('/');
    return slash > 0 ? { name: bare.slice(0, slash), version: bare.slice(slash + 1) } : undefined;
  }
  const at = bare.lastIndexOf('@');
  return at > 0 ? { name: bare.slice(0, at), version: bare.slice(at + 1) } : undefined;
}
