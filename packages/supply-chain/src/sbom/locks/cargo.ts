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
  const { graph } = context;
  const manifest = await context.readSibling('Cargo.toml');
  const cargoToml = manifest ? parseToml(manifest.file, manifest.text) : {};
  const rootName = asString(asRecord(cargoToml.package)?.name);
  const legacyChecksums = asRecord(lock.metadata) ?? {};

  const byName = new Map<string, { version: string; source?: string; ref: string }[]>();
  const entries: [string, Record<string, unknown>][] = [];
  for (const raw of lock.package) {
    const entry = asRecord(raw) ?? {};
    const name = asString(entry.name);
    const version = asString(entry.version);
    if (!name || !version) {
      context.warn(`${context.file}: a [[package]] has no name or version; it is not in the SBOM`);
      continue;
    }
    const source = asString(entry.source);
    let ref: string;
    if (!source && name === rootName) ref = graph.projectRef;
    else {
      const checksum = asString(entry.checksum) ?? asString(legacyChecksums[`checksum ${name} ${version} (${source})`]);
      const hash = hexHash('SHA-256', checksum);
      const properties: Property[] = [];
      if (source) properties.push({ name: 'cargo:source', value: source });
      ref = graph.add({
        name,
        version,
        ecosystem: 'cargo',
        hashes: hash ? [hash] : [],
        qualifiers: source?.startsWith('git+') ? { vcs_url: gitVcsUrl(source) } : undefined,
        downloadLocation: source?.startsWith('git+') ? gitVcsUrl(source) : undefined,
        properties,
        isProject: !source,
      });
    }
    byName.set(name, [...(byName.get(name) ?? []), { version, source, ref }]);
    entries.push([ref, entry]);
  }

  // "name", "name version" or "name version (source)": the shortest form that is unambiguous.
  const lookup = (spec: string): string | undefined => {
    const [name, version, source] = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(spec)?.slice(1) ?? [];
    const candidates = byName.get(name ?? '') ?? [];
    return candidates.find((c) => (!version || c.version === version) && (!source || c.source === source))?.ref;
  };
  for (const [ref, entry] of entries) {
    for (const spec of asArray(entry.dependencies)) {
      const target = lookup(String(spec));
      if (target) graph.edge(ref, target);
    }
  }
  const devNames = new Set<string>([
    ...Object.keys(asRecord(cargoToml['dev-dependencies']) ?? {}),
    ...Object.values(asRecord(cargoToml.target) ?? {}).flatMap((t) =>
      Object.keys(asRecord(asRecord(t)?.['dev-dependencies']) ?? {}),
    ),
  ]);
  // The project's entry lists dev-dependencies with the rest: re-mark those edges as dev.
  const projectEntry = entries.find(([ref]) => ref === graph.projectRef)?.[1];
  for (const spec of asArray(projectEntry?.dependencies)) {
    const target = lookup(String(spec));
    const name = String(spec).split(' ')[0] ?? '';
    const normal = Object.keys(asRecord(cargoToml.dependencies) ?? {}).includes(name);
    if (target && devNames.has(name) && !normal) graph.setEdge(graph.projectRef, target, 'dev');
  }
  if (!rootName)
    for (const [ref, entry] of entries)
      if (!asString(entry.source) && ref !== graph.projectRef) graph.edge(graph.projectRef, ref);
  return undefined;
}

/** `git+https://host/repo?branch=x#<commit>` → `git+https://host/repo@<commit>` (the purl vcs_url form). */
function gitVcsUrl(source: string): string {
  const hash = source.indexOf('#');
  const commit = hash >= 0 ? source.slice(hash + 1) : '';
  const base = (hash >= 0 ? source.slice(0, hash) : source).replace(/\?.*$/, '');
  return commit ? `${base}@${commit}` : base;
}
