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
  const { graph } = context;
  const packages = asRecord(lock.packages) ?? {};
  // v9 keeps resolution data in `packages` and the graph in `snapshots`; older versions have both in `packages`.
  const snapshots = major >= 9 ? (asRecord(lock.snapshots) ?? {}) : packages;

  const baseRefs = new Map<string, string>();
  for (const [key, raw] of Object.entries(packages)) {
    const entry = asRecord(raw) ?? {};
    const parsed = parseKey(key, major);
    const name = asString(entry.name) ?? parsed?.name;
    const version = asString(entry.version) ?? (entry.version !== undefined ? String(entry.version) : parsed?.version);
    if (!name || !version) {
      context.warn(`${context.file}: package "${key}" has no name or version; it is not in the SBOM`);
      continue;
    }
    const resolution = asRecord(entry.resolution) ?? {};
    baseRefs.set(
      stripPeers(key),
      graph.add({
        name,
        version,
        ecosystem: 'npm',
        hashes: hashesFromSri(resolution.integrity),
        // v5 and v6 state dev and optional; `dev: false` means production only, absent means both.
        scope: major < 9 ? statedScope(entry) : undefined,
        downloadLocation: asString(resolution.tarball) ?? gitLocation(resolution),
      }),
    );
  }
  const refOf = (key: string): string | undefined => baseRefs.get(stripPeers(key));

  const dependencyKey = (name: string, value: string): string | undefined => {
    const candidates =
      major >= 9
        ? [`${name}@${value}`, value]
        : major >= 6
          ? [`/${name}@${value}`, value, `/${value}`]
          : [`/${name}/${value}`, value, `/${value}`];
    return candidates.find((key) => snapshots[key] !== undefined || refOf(key) !== undefined);
  };

  // Importers: the project itself ('.') and workspace members, linked by `link:` versions.
  const importers = asRecord(lock.importers) ?? { '.': lock };
  const importerRefs = new Map<string, string>([['.', graph.projectRef]]);
  for (const path of Object.keys(importers)) {
    if (path === '.') continue;
    const manifest = await context.readSibling(posix.join(path, 'package.json'));
    const info = manifest ? packageJsonDependencies(manifest.file, manifest.text) : undefined;
    const ref = graph.add({
      name: info?.name ?? path,
      version: info?.version ?? '',
      ecosystem: 'npm',
      isProject: true,
    });
    importerRefs.set(path, ref);
    graph.edge(graph.projectRef, ref, 'required');
  }

  for (const [path, raw] of Object.entries(importers)) {
    const importer = asRecord(raw) ?? {};
    const from = importerRefs.get(path);
    if (!from) continue;
    for (const [group, kind] of DEPENDENCY_GROUPS) {
      for (const [name, spec] of Object.entries(asRecord(importer[group]) ?? {})) {
        // v6+: {specifier, version}; v5: the version itself.
        const value = asString(asRecord(spec)?.version) ?? asString(spec) ?? String(spec);
        if (value.startsWith('link:')) {
          const target = importerRefs.get(posix.normalize(posix.join(path, value.slice(5))));
          if (target) graph.edge(from, target, kind);
          continue;
        }
        const key = dependencyKey(name, value);
        const ref = key && refOf(key);
        if (ref) graph.edge(from, ref, kind);
      }
    }
  }

  for (const [key, raw] of Object.entries(snapshots)) {
    const from = refOf(key);
    const entry = asRecord(raw);
    if (!from || !entry) continue;
    for (const [group, kind] of DEPENDENCY_GROUPS.slice(0, 2)) {
      for (const [name, spec] of Object.entries(asRecord(entry[group]) ?? {})) {
        const target = dependencyKey(name, String(spec));
        const ref = target && refOf(target);
        if (ref) graph.edge(from, ref, kind);
      }
    }
  }
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
