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
  const uv = new UvLock(context);
  for (const raw of lock.package) uv.add(asRecord(raw) ?? {});
  uv.link();
  return undefined;
}

class UvLock {
  /** Every version of a name (a forked resolution can have several). */
  readonly #byName = new Map<string, { version: string; ref: string }[]>();
  readonly #entries: [string, Record<string, unknown>][] = [];

  constructor(private readonly context: LockContext) {}

  add(entry: Record<string, unknown>): void {
    const name = asString(entry.name);
    if (!name) {
      this.context.warn(`${this.context.file}: a [[package]] has no name; it is not in the SBOM`);
      return;
    }
    const version = asString(entry.version) ?? '';
    const ref = this.#refOf(entry, name, version);
    const key = normalizePypiName(name);
    this.#byName.set(key, [...(this.#byName.get(key) ?? []), { version, ref }]);
    this.#entries.push([ref, entry]);
  }

  link(): void {
    for (const [ref, entry] of this.#entries) {
      for (const [dependencies, kind] of dependencyGroups(entry)) {
        for (const dependency of dependencies) {
          const target = this.#lookup(dependency);
          if (target) this.context.graph.edge(ref, target, kind);
        }
      }
    }
  }

  /** The project itself (`editable`/`virtual` = "."), a workspace member (another local path), or a package. */
  #refOf(entry: Record<string, unknown>, name: string, version: string): string {
    const { graph } = this.context;
    const source = asRecord(entry.source) ?? {};
    const local = asString(source.editable) ?? asString(source.virtual);
    if (local !== undefined && posix.normalize(local) === '.') return graph.projectRef;
    const sdist = asRecord(entry.sdist);
    const git = asString(source.git);
    const ref = graph.add({
      name,
      version,
      ecosystem: 'pypi',
      hashes: artifactHashes(fileHashes(sdist ? [sdist, ...asArray(entry.wheels)] : entry.wheels)),
      downloadLocation: git ? `git+${git}` : asString(sdist?.url),
      isProject: local !== undefined,
    });
    if (local !== undefined) graph.edge(graph.projectRef, ref, 'required');
    return ref;
  }

  /** A dependency `{name, version?}`: the version is given when the name resolved to several. */
  #lookup(dependency: unknown): string | undefined {
    const record = asRecord(dependency) ?? {};
    const candidates = this.#byName.get(normalizePypiName(asString(record.name) ?? ''));
    const version = asString(record.version);
    return (version ? candidates?.find((c) => c.version === version) : candidates?.[0])?.ref;
  }
}

function dependencyGroups(entry: Record<string, unknown>): [unknown[], EdgeKind][] {
  return [
    [asArray(entry.dependencies), 'required'],
    [Object.values(asRecord(entry['optional-dependencies']) ?? {}).flatMap(asArray), 'optional'],
    [Object.values(asRecord(entry['dev-dependencies']) ?? {}).flatMap(asArray), 'dev'],
  ];
}
