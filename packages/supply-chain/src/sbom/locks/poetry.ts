import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import type { Scope } from '../model';
import { parseToml } from '../parse';
import { normalizePypiName } from '../purl';
import { artifactHashes, asArray, fileHashes, pyprojectDirect } from '../python';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * poetry.lock (lock versions 1.1 to 2.1). The scope comes from the lock where it says so: `category`
 * (1.1), `groups` (2.1), `optional` (an extra); otherwise from pyproject.toml's groups through the graph.
 * File digests: 1.1 keeps them in `[metadata.files]`, later versions in each package's `files`.
 */

export const poetryLockReader: LockReader = { format: 'poetry-lock', ecosystem: 'pypi', read: readPoetryLock };

async function readPoetryLock(context: LockContext): Promise<undefined> {
  const lock = parseToml(context.file, context.text);
  if (!Array.isArray(lock.package) && !asRecord(lock.metadata))
    throw new FileError({ file: context.file, line: 1 }, 'not a poetry.lock: no [[package]] or [metadata]');
  const legacyFiles = asRecord(asRecord(lock.metadata)?.files) ?? {};
  const byName = new Map<string, string>();
  const entries: [string, Record<string, unknown>][] = [];
  for (const raw of asArray(lock.package)) {
    const entry = asRecord(raw) ?? {};
    const ref = addPackage(context, entry, legacyFiles);
    if (ref === undefined) continue;
    byName.set(normalizePypiName(String(entry.name)), ref);
    entries.push([ref, entry]);
  }
  for (const [ref, entry] of entries) linkPackage(context.graph, byName, ref, entry);
  const pyproject = await context.readSibling('pyproject.toml');
  if (pyproject) linkDirect(context.graph, byName, pyprojectDirect(pyproject.file, pyproject.text));
  return undefined;
}

function linkPackage(
  graph: LockContext['graph'],
  byName: Map<string, string>,
  ref: string,
  entry: Record<string, unknown>,
): void {
  for (const [name, spec] of Object.entries(asRecord(entry.dependencies) ?? {})) {
    const target = byName.get(normalizePypiName(name));
    if (target) graph.edge(ref, target, isOptional(spec) ? 'optional' : 'required');
  }
}

/** Adds a [[package]]; undefined (with a warning) when it lacks a name or version. */
function addPackage(
  context: LockContext,
  entry: Record<string, unknown>,
  legacyFiles: Record<string, unknown>,
): string | undefined {
  const name = asString(entry.name);
  const version = asString(entry.version);
  if (!name || !version) {
    context.warn(`${context.file}: a [[package]] has no name or version; it is not in the SBOM`);
    return undefined;
  }
  return context.graph.add({
    name,
    version,
    ecosystem: 'pypi',
    hashes: artifactHashes(fileHashes(entry.files ?? legacyFiles[name])),
    scope: statedScope(entry),
    downloadLocation: gitLocation(asRecord(entry.source)),
  });
}

function gitLocation(source: Record<string, unknown> | undefined): string | undefined {
  if (!source || asString(source.type) !== 'git') return undefined;
  return `git+${asString(source.url)}@${asString(source.resolved_reference) ?? asString(source.reference)}`;
}

/** A dependency given as `{version, optional = true}` (one behind an extra), not as a list of markers. */
function isOptional(spec: unknown): boolean {
  return asArray(spec).length === 0 && asRecord(spec)?.optional === true;
}

function statedScope(entry: Record<string, unknown>): Scope | undefined {
  const category = asString(entry.category);
  const groups = asArray(entry.groups).map(String);
  if (category === 'dev' || (groups.length > 0 && !groups.includes('main'))) return 'dev';
  if (category === undefined && groups.length === 0) return entry.optional === true ? 'optional' : undefined;
  return entry.optional === true ? 'optional' : 'required';
}

export function linkDirect(
  graph: LockContext['graph'],
  byName: Map<string, string>,
  direct: Map<string, EdgeKind>,
): void {
  for (const [name, kind] of direct) {
    const ref = byName.get(name);
    if (ref) graph.edge(graph.projectRef, ref, kind);
  }
}
