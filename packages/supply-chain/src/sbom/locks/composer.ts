import { FileError } from '@ccm/toolkit/errors';
import type { LockGraph } from '../graph';
import { hexHash } from '../hashes';
import { licenseList } from '../manifests';
import type { Scope } from '../model';
import { parseJson } from '../parse';
import { asArray } from '../python';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * composer.lock: `packages` (required) and `packages-dev` (dev). `dist.shasum` is the SHA-1 of the
 * dist archive when the repository provides it (often empty). `license` is an array of alternatives.
 * Platform requirements (php, ext-*, lib-*) are not packages and have no edges.
 */

export const composerLockReader: LockReader = {
  format: 'composer-lock',
  ecosystem: 'composer',
  read: readComposerLock,
};

const SECTIONS: [string, Scope][] = [
  ['packages', 'required'],
  ['packages-dev', 'dev'],
];

const MANIFEST_GROUPS: [string, Scope][] = [
  ['require', 'required'],
  ['require-dev', 'dev'],
];

async function readComposerLock(context: LockContext): Promise<undefined> {
  const lock = asRecord(parseJson(context.file, context.text));
  if (!lock || (!Array.isArray(lock.packages) && !Array.isArray(lock['packages-dev'])))
    throw new FileError({ file: context.file, line: 1 }, 'not a composer.lock: no "packages"');
  const { graph } = context;
  const byName = new Map<string, string>();
  const entries: [string, Record<string, unknown>][] = [];
  for (const [section, scope] of SECTIONS) {
    for (const raw of asArray(lock[section])) {
      const entry = asRecord(raw) ?? {};
      const ref = addPackage(context, entry, section, scope);
      if (ref === undefined) continue;
      byName.set(String(entry.name).toLowerCase(), ref);
      entries.push([ref, entry]);
    }
  }
  for (const [ref, entry] of entries) linkNames(graph, byName, ref, asRecord(entry.require), 'required');
  const manifest = await context.readSibling('composer.json');
  if (manifest) linkManifest(graph, byName, manifest);
  return undefined;
}

/** composer.json's `require` and `require-dev`: the project's direct dependencies. */
function linkManifest(graph: LockGraph, byName: Map<string, string>, manifest: { file: string; text: string }): void {
  const json = asRecord(parseJson(manifest.file, manifest.text)) ?? {};
  for (const [key, kind] of MANIFEST_GROUPS) linkNames(graph, byName, graph.projectRef, asRecord(json[key]), kind);
}

/** Adds a package of the lock; undefined (with a warning) when it lacks a name or version. */
function addPackage(
  context: LockContext,
  entry: Record<string, unknown>,
  section: string,
  scope: Scope,
): string | undefined {
  const name = asString(entry.name);
  const version = asString(entry.version);
  if (!name || !version) {
    context.warn(`${context.file}: a package in "${section}" has no name or version; it is not in the SBOM`);
    return undefined;
  }
  const dist = asRecord(entry.dist) ?? {};
  const source = asRecord(entry.source) ?? {};
  const sha1 = hexHash('SHA-1', dist.shasum);
  return context.graph.add({
    name: name.toLowerCase(),
    version,
    ecosystem: 'composer',
    hashes: sha1 ? [sha1] : [],
    licenses: licenseList(entry.license),
    scope,
    downloadLocation: asString(dist.url) ?? asString(source.url),
  });
}

/** Edges from `from` to the packages a `{name: constraint}` map names (platform requirements match none). */
function linkNames(
  graph: LockGraph,
  byName: Map<string, string>,
  from: string,
  requires: Record<string, unknown> | undefined,
  kind: Scope,
): void {
  for (const name of Object.keys(requires ?? {})) {
    const target = byName.get(name.toLowerCase());
    if (target) graph.edge(from, target, kind);
  }
}
