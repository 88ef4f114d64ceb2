import { posix } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import { hashesFromSri, hashFromUrlFragment } from '../hashes';
import type { Hash, LockFormat, Property } from '../model';
import { parseYarnLock } from '../parse';
import { asRecord, asString, type LockContext, type LockReader } from './context';
import { linkProjects, Manifests, type YarnEntries } from './yarn-projects';

/**
 * yarn.lock, classic (v1) and berry (`__metadata`), both parsed by @yarnpkg/parsers. Neither records
 * which dependencies are dev ones, so the project's package.json (and its workspaces') says so
 * (yarn-projects.ts).
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
  const manifests = new Manifests(context);
  const yarn = new YarnLock(context, asRecord(lock.__metadata) !== undefined, manifests);
  for (const [key, raw] of Object.entries(lock)) await yarn.addEntry(key, raw);
  yarn.linkEntries();
  await linkProjects(context, yarn, manifests);
  return yarn.berry ? 'yarn-berry' : 'yarn-classic';
}

/** The lock's entries as packages, and the descriptors that resolve to each. */
class YarnLock implements YarnEntries {
  /** Each entry key lists the descriptors (`name@range`) it satisfies, comma-separated. */
  readonly #byDescriptor = new Map<string, string>();
  readonly #entries: [string, Record<string, unknown>][] = [];
  /** Berry's workspace entries by their normalised path. */
  readonly workspaces = new Map<string, Record<string, unknown>>();

  constructor(
    readonly context: LockContext,
    readonly berry: boolean,
    private readonly manifests: Manifests,
  ) {}

  async addEntry(key: string, raw: unknown): Promise<void> {
    const entry = asRecord(raw);
    if (key === '__metadata' || !entry) return;
    const descriptors = key.split(',').map((d) => d.trim());
    const resolution = asString(entry.resolution) ?? '';
    const workspace = /^(.+?)@workspace:(.+)$/.exec(resolution);
    const ref = workspace?.[2]
      ? await this.#workspace(workspace[1], workspace[2], entry)
      : this.#package(key, resolution || (descriptors[0] ?? key), entry);
    if (ref === undefined) return;
    for (const d of descriptors) this.#byDescriptor.set(d, ref);
    this.#entries.push([ref, entry]);
  }

  /** The package a descriptor resolves to; berry writes npm ranges as `npm:<range>`. */
  lookup(name: string, range: string): string | undefined {
    return (
      this.#byDescriptor.get(`${name}@${range}`) ??
      (this.berry ? this.#byDescriptor.get(`${name}@npm:${range}`) : undefined)
    );
  }

  linkEntries(): void {
    for (const [ref, entry] of this.#entries) this.#linkEntry(ref, entry);
  }

  async #workspace(name: string | undefined, rawPath: string, entry: Record<string, unknown>): Promise<string> {
    const path = posix.normalize(rawPath);
    this.workspaces.set(path, entry);
    const { graph } = this.context;
    if (path === '.') return graph.projectRef;
    const info = await this.manifests.get(path);
    return graph.add({ name: name ?? path, version: info?.version ?? '', ecosystem: 'npm', isProject: true });
  }

  #package(key: string, descriptor: string, entry: Record<string, unknown>): string | undefined {
    const version = entry.version === undefined ? undefined : String(entry.version);
    const name = realName(descriptor);
    if (!name || !version) {
      this.context.warn(`${this.context.file}: entry "${key}" has no name or version; it is not in the SBOM`);
      return undefined;
    }
    return this.context.graph.add({
      name,
      version,
      ecosystem: 'npm',
      hashes: this.#hashes(entry),
      downloadLocation: asString(entry.resolved)?.replace(/#[0-9a-f]{40}$/, ''),
      properties: checksumProperties(entry),
    });
  }

  /** Classic's digests of the tarball; berry has none (its checksum is of a cache zip). */
  #hashes(entry: Record<string, unknown>): Hash[] {
    if (this.berry) return [];
    const hashes = hashesFromSri(entry.integrity);
    const sha1 = hashFromUrlFragment(entry.resolved);
    if (sha1 && !hashes.some((h) => h.alg === 'SHA-1')) hashes.push(sha1);
    return hashes;
  }

  #linkEntry(ref: string, entry: Record<string, unknown>): void {
    const optional = optionalNames(entry);
    const groups: [unknown, EdgeKind][] = [
      [entry.dependencies, 'required'],
      [entry.optionalDependencies, 'optional'],
    ];
    for (const [map, kind] of groups) {
      for (const [name, range] of Object.entries(asRecord(map) ?? {})) {
        const target = this.lookup(name, String(range));
        if (target) this.context.graph.edge(ref, target, optional.has(name) ? 'optional' : kind);
      }
    }
  }
}

/** Dependencies `dependenciesMeta` marks optional. */
function optionalNames(entry: Record<string, unknown>): Set<string> {
  return new Set(
    Object.entries(asRecord(entry.dependenciesMeta) ?? {})
      .filter(([, meta]) => asRecord(meta)?.optional === true)
      .map(([name]) => name),
  );
}

function checksumProperties(entry: Record<string, unknown>): Property[] {
  const checksum = asString(entry.checksum);
  return checksum ? [{ name: 'yarn:checksum', value: checksum }] : [];
}

/** The real package of a descriptor or resolution: aliases (`foo@npm:bar@1`) install bar. */
function realName(descriptor: string): string | undefined {
  const at = descriptor.indexOf('@', 1);
  if (at < 0) return undefined;
  const name = descriptor.slice(0, at);
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(descriptor.slice(at + 1));
  return alias?.[1] ?? name;
}
