import { FileError } from '@ccm/toolkit/errors';
import { hexHash } from '../hashes';
import type { Property } from '../model';
import { parseToml } from '../parse';
import { asArray } from '../python';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * Cargo.lock (v1 to v4). `checksum` is the SHA-256 of the .crate file (v1 keeps it in [metadata]).
 * `source`: `registry+<index>` (crates.io or another registry), `git+<url>?<ref>#<commit>` (the purl
 * gets a vcs_url qualifier), or absent for path and workspace crates. The lock has no dev marking:
 * dev-dependencies named in the project's Cargo.toml make their subtrees dev through the graph.
 */

export const cargoLockReader: LockReader = { format: 'cargo-lock', ecosystem: 'cargo', read: readCargoLock };

async function readCargoLock(context: LockContext): Promise<undefined> {
  const lock = parseToml(context.file, context.text);
  if (!Array.isArray(lock.package))
    throw new FileError({ file: context.file, line: 1 }, 'not a Cargo.lock: no [[package]]');
  const manifest = await context.readSibling('Cargo.toml');
  const cargoToml = manifest ? parseToml(manifest.file, manifest.text) : {};
  const cargo = new CargoLock(context, asString(asRecord(cargoToml.package)?.name), asRecord(lock.metadata) ?? {});
  for (const raw of lock.package) cargo.addPackage(asRecord(raw) ?? {});
  cargo.linkPackages();
  cargo.markDevDependencies(cargoToml);
  cargo.linkUnnamedRoots();
  return undefined;
}

interface Crate {
  version: string;
  source?: string;
  ref: string;
}

class CargoLock {
  readonly #byName = new Map<string, Crate[]>();
  readonly #entries: [string, Record<string, unknown>][] = [];

  constructor(
    private readonly context: LockContext,
    /** The package Cargo.toml beside the lock names: the project itself. */
    private readonly rootName: string | undefined,
    /** v1 keeps checksums in [metadata] as `"checksum <name> <version> (<source>)" = "<hex>"`. */
    private readonly legacyChecksums: Record<string, unknown>,
  ) {}

  addPackage(entry: Record<string, unknown>): void {
    const name = asString(entry.name);
    const version = asString(entry.version);
    if (!name || !version) {
      this.context.warn(`${this.context.file}: a [[package]] has no name or version; it is not in the SBOM`);
      return;
    }
    const source = asString(entry.source);
    const ref =
      !source && name === this.rootName ? this.context.graph.projectRef : this.#addCrate(entry, name, version, source);
    this.#byName.set(name, [...(this.#byName.get(name) ?? []), { version, source, ref }]);
    this.#entries.push([ref, entry]);
  }

  linkPackages(): void {
    for (const [ref, entry] of this.#entries) {
      for (const spec of asArray(entry.dependencies)) {
        const target = this.#lookup(String(spec));
        if (target) this.context.graph.edge(ref, target);
      }
    }
  }

  /** The project's entry lists dev-dependencies with the rest: re-mark those edges as dev. */
  markDevDependencies(cargoToml: Record<string, unknown>): void {
    const { graph } = this.context;
    const devNames = devDependencyNames(cargoToml);
    const normal = Object.keys(asRecord(cargoToml.dependencies) ?? {});
    const projectEntry = this.#entries.find(([ref]) => ref === graph.projectRef)?.[1];
    for (const spec of asArray(projectEntry?.dependencies)) {
      const target = this.#lookup(String(spec));
      const name = String(spec).split(' ')[0] ?? '';
      if (target && devNames.has(name) && !normal.includes(name)) graph.setEdge(graph.projectRef, target, 'dev');
    }
  }

  /** Without a root package (a virtual workspace), the path crates (the members) hang from the project. */
  linkUnnamedRoots(): void {
    if (this.rootName) return;
    const { graph } = this.context;
    for (const [ref, entry] of this.#entries)
      if (!asString(entry.source) && ref !== graph.projectRef) graph.edge(graph.projectRef, ref);
  }

  #addCrate(entry: Record<string, unknown>, name: string, version: string, source: string | undefined): string {
    const checksum =
      asString(entry.checksum) ?? asString(this.legacyChecksums[`checksum ${name} ${version} (${source})`]);
    const hash = hexHash('SHA-256', checksum);
    const git = source?.startsWith('git+') ? gitVcsUrl(source) : undefined;
    const properties: Property[] = source ? [{ name: 'cargo:source', value: source }] : [];
    return this.context.graph.add({
      name,
      version,
      ecosystem: 'cargo',
      hashes: hash ? [hash] : [],
      qualifiers: git ? { vcs_url: git } : undefined,
      downloadLocation: git,
      properties,
      isProject: !source,
    });
  }

  /** "name", "name version" or "name version (source)": the shortest form that is unambiguous. */
  #lookup(spec: string): string | undefined {
    const [name, version, source] = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(spec)?.slice(1) ?? [];
    const candidates = this.#byName.get(name ?? '') ?? [];
    return candidates.find((c) => (!version || c.version === version) && (!source || c.source === source))?.ref;
  }
}

function devDependencyNames(cargoToml: Record<string, unknown>): Set<string> {
  return new Set<string>([
    ...Object.keys(asRecord(cargoToml['dev-dependencies']) ?? {}),
    ...Object.values(asRecord(cargoToml.target) ?? {}).flatMap((t) =>
      Object.keys(asRecord(asRecord(t)?.['dev-dependencies']) ?? {}),
    ),
  ]);
}

/** `git+https://host/repo?branch=x#<commit>` → `git+https://host/repo@<commit>` (the purl vcs_url form). */
function gitVcsUrl(source: string): string {
  const hash = source.indexOf('#');
  const commit = hash >= 0 ? source.slice(hash + 1) : '';
  const base = (hash >= 0 ? source.slice(0, hash) : source).replace(/\?.*$/, '');
  return commit ? `${base}@${commit}` : base;
}
