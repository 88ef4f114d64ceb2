import { posix } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import { hashesFromSri, hashFromUrlFragment } from '../hashes';
import { type PackageJsonDependencies, packageJsonDependencies } from '../manifests';
import type { Hash, LockFormat } from '../model';
import { parseYarnLock } from '../parse';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * yarn.lock, classic (v1) and berry (`__metadata`), both parsed by @yarnpkg/parsers. Neither records
 * which dependencies are dev ones, so the project's package.json (and its workspaces') says so.
 *
 * Hashes: classic's `integrity` and the sha1 after `#` in `resolved` digest the registry tarball and
 * become hashes. Berry's `checksum` digests the zip yarn stores in its cache, not the tarball, so it
 * is kept as the property `yarn:checksum`, never presented as the package's SHA-512.
 */

export const yarnLockReader: LockReader = { format: 'yarn-classic', ecosystem: 'npm', read: readYarnLock };

async function readYarnLock(context: LockContext): Promise<LockFormat> {
  const lock = parseYarnLock(context.file, context.text);
  if (typeof lock !== 'object' || lock === null)
    throw new FileError({ file: context.file, line: 1 }, 'empty yarn.lock');
  const berry = asRecord(lock.__metadata) !== undefined;
  const { graph } = context;

  // Each entry key lists the descriptors (`name@range`) it satisfies, comma-separated.
  const byDescriptor = new Map<string, string>();
  const entries: [string, Record<string, unknown>][] = [];
  const workspaces = new Map<string, Record<string, unknown>>();
  for (const [key, raw] of Object.entries(lock)) {
    const entry = asRecord(raw);
    if (key === '__metadata' || !entry) continue;
    const descriptors = key.split(',').map((d) => d.trim());
    const first = descriptors[0] ?? key;
    const resolution = asString(entry.resolution) ?? '';
    let ref: string;
    const workspace = /^(.+?)@workspace:(.+)$/.exec(resolution);
    if (workspace?.[2]) {
      const path = posix.normalize(workspace[2]);
      workspaces.set(path, entry);
      if (path === '.') ref = graph.projectRef;
      else {
        const info = await manifest(context, path);
        ref = graph.add({
          name: workspace[1] ?? path,
          version: info?.version ?? '',
          ecosystem: 'npm',
          isProject: true,
        });
      }
    } else {
      const version = entry.version === undefined ? undefined : String(entry.version);
      const name = realName(resolution || first);
      if (!name || !version) {
        context.warn(`${context.file}: entry "${key}" has no name or version; it is not in the SBOM`);
        continue;
      }
      const hashes: Hash[] = berry ? [] : hashesFromSri(entry.integrity);
      const sha1 = berry ? undefined : hashFromUrlFragment(entry.resolved);
      if (sha1 && !hashes.some((h) => h.alg === 'SHA-1')) hashes.push(sha1);
      const checksum = asString(entry.checksum);
      const resolved = asString(entry.resolved);
      ref = graph.add({
        name,
        version,
        ecosystem: 'npm',
        hashes,
        downloadLocation: resolved?.replace(/#[0-9a-f]{40}$/, ''),
        properties: checksum ? [{ name: 'yarn:checksum', value: checksum }] : [],
      });
    }
    for (const d of descriptors) byDescriptor.set(d, ref);
    entries.push([ref, entry]);
  }

  const lookup = (name: string, range: string): string | undefined =>
    byDescriptor.get(`${name}@${range}`) ?? (berry ? byDescriptor.get(`${name}@npm:${range}`) : undefined);

  for (const [ref, entry] of entries) {
    const optional = new Set(
      Object.entries(asRecord(entry.dependenciesMeta) ?? {})
        .filter(([, meta]) => asRecord(meta)?.optional === true)
        .map(([name]) => name),
    );
    const groups: [unknown, EdgeKind][] = [
      [entry.dependencies, 'required'],
      [entry.optionalDependencies, 'optional'],
    ];
    for (const [map, kind] of groups) {
      for (const [name, range] of Object.entries(asRecord(map) ?? {})) {
        const target = lookup(name, String(range));
        if (target) graph.edge(ref, target, optional.has(name) ? 'optional' : kind);
      }
    }
  }

  // Direct dependencies and their kinds come from package.json: berry's workspace entries merge
  // dev and prod; classic does not list the project at all.
  const root = await manifest(context, '.');
  const format: LockFormat = berry ? 'yarn-berry' : 'yarn-classic';
  if (!root) return format;
  const projects: [string, PackageJsonDependencies][] = [['.', root]];
  if (!berry) {
    for (const pattern of root.workspaces) {
      for (const path of await expandWorkspace(context, pattern)) {
        const info = await manifest(context, path);
        if (!info) continue;
        const ref = graph.add({
          name: info.name ?? path,
          version: info.version ?? '',
          ecosystem: 'npm',
          isProject: true,
        });
        graph.edge(graph.projectRef, ref, 'required');
        projects.push([path, info]);
      }
    }
  } else {
    for (const path of workspaces.keys()) {
      const info = path === '.' ? undefined : await manifest(context, path);
      if (info) projects.push([path, info]);
    }
  }
  for (const [path, info] of projects) {
    const from = path === '.' ? graph.projectRef : workspaceRef(graph, info, path);
    const ranges = berry ? asRecord(workspaces.get(path)?.dependencies) : undefined;
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
        const target = range === undefined ? undefined : lookup(name, range);
        // package.json decides the kind: berry's workspace entry lists dev dependencies as plain ones.
        if (target) graph.setEdge(from, target, kind);
      }
    }
  }
  return format;
}

function workspaceRef(graph: LockContext['graph'], info: PackageJsonDependencies, path: string): string {
  return graph.add({ name: info.name ?? path, version: info.version ?? '', ecosystem: 'npm', isProject: true });
}

/** The real package of a descriptor or resolution: aliases (`foo@npm:bar@1`) install bar. */
function realName(descriptor: string): string | undefined {
  const at = descriptor.indexOf('@', 1);
  if (at < 0) return undefined;
  const name = descriptor.slice(0, at);
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(descriptor.slice(at + 1));
  return alias?.[1] ?? name;
}

const manifestCache = new WeakMap<LockContext, Map<string, Promise<PackageJsonDependencies | undefined>>>();

function manifest(context: LockContext, path: string): Promise<PackageJsonDependencies | undefined> {
  let cache = manifestCache.get(context);
  if (!cache) {
    cache = new Map();
    manifestCache.set(context, cache);
  }
  let pending = cache.get(path);
  if (!pending) {
    pending = context
      .readSibling(posix.join(path, 'package.json'))
      .then((found) => (found ? packageJsonDependencies(found.file, found.text) : undefined));
    cache.set(path, pending);
  }
  return pending;
}

/** Workspace patterns as yarn classic writes them: a path, or a path ending in `/*`. */
async function expandWorkspace(context: LockContext, pattern: string): Promise<string[]> {
  if (!pattern.endsWith('/*')) return [posix.normalize(pattern)];
  const base = pattern.slice(0, -2);
  const names = await context.listDirectory(base);
  return names.map((name) => posix.join(base, name));
}
