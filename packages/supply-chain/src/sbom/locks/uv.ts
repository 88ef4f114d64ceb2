import { posix } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import { parseToml } from '../parse';
import { normalizePypiName } from '../purl';
import { artifactHashes, asArray, fileHashes } from '../python';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * uv.lock. The project is the package whose source is `editable = "."` or `virtual = "."`; other
 * editable or virtual packages are workspace members. Scopes follow the graph: `dependencies` are
 * required, `optional-dependencies` (extras) optional, `dev-dependencies` (dependency groups) dev.
 * A name can resolve to several versions (a forked resolution): then the edge names the version.
 */

export const uvLockReader: LockReader = { format: 'uv-lock', ecosystem: 'pypi', read: readUvLock };

function readUvLock(context: LockContext): undefined {
  const lock = parseToml(context.file, context.text);
  if (!Array.isArray(lock.package))
    throw new FileError({ file: context.file, line: 1 }, 'not a uv.lock: no [[package]]');
  const { graph } = context;
  const byName = new Map<string, { version: string; ref: string }[]>();
  const entries: [string, Record<string, unknown>][] = [];
  for (const raw of lock.package) {
    const entry = asRecord(raw) ?? {};
    const name = asString(entry.name);
    const source = asRecord(entry.source) ?? {};
    const local = asString(source.editable) ?? asString(source.virtual);
    const version = asString(entry.version) ?? '';
    if (!name) {
      context.warn(`${context.file}: a [[package]] has no name; it is not in the SBOM`);
      continue;
    }
    let ref: string;
    if (local !== undefined && posix.normalize(local) === '.') ref = graph.projectRef;
    else {
      const sdist = asRecord(entry.sdist);
      const files = fileHashes(sdist ? [sdist, ...asArray(entry.wheels)] : entry.wheels);
      const git = asString(source.git);
      ref = graph.add({
        name,
        version,
        ecosystem: 'pypi',
        hashes: artifactHashes(files),
        downloadLocation: git ? `git+${git}` : asString(sdist?.url),
        isProject: local !== undefined,
      });
      if (local !== undefined) graph.edge(graph.projectRef, ref, 'required');
    }
    const key = normalizePypiName(name);
    byName.set(key, [...(byName.get(key) ?? []), { version, ref }]);
    entries.push([ref, entry]);
  }
  const lookup = (dependency: unknown): string | undefined => {
    const record = asRecord(dependency) ?? {};
    const candidates = byName.get(normalizePypiName(asString(record.name) ?? ''));
    const version = asString(record.version);
    return (version ? candidates?.find((c) => c.version === version) : candidates?.[0])?.ref;
  };
  for (const [ref, entry] of entries) {
    const groups: [unknown[], EdgeKind][] = [
      [asArray(entry.dependencies), 'required'],
      [Object.values(asRecord(entry['optional-dependencies']) ?? {}).flatMap(asArray), 'optional'],
      [Object.values(asRecord(entry['dev-dependencies']) ?? {}).flatMap(asArray), 'dev'],
    ];
    for (const [dependencies, kind] of groups) {
      for (const dependency of dependencies) {
        const target = lookup(dependency);
        if (target) graph.edge(ref, target, kind);
      }
    }
  }
  return undefined;
}
