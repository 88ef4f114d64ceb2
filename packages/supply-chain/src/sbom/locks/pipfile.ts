import { FileError } from '@ccm/toolkit/errors';
import { hashFromPrefixedHex } from '../hashes';
import type { Scope } from '../model';
import { parseJson } from '../parse';
import { asArray } from '../python';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * Pipfile.lock: `default` (required) and `develop` (dev) sections of `name: {version: "==x", hashes}`.
 * It has no graph: every package is a direct dependency of the project. A package pinned only to a
 * git ref takes the ref as its version. Hashes: see python.ts (one digest only when there is one).
 */

export const pipfileLockReader: LockReader = { format: 'pipfile-lock', ecosystem: 'pypi', read: readPipfileLock };

const SECTIONS: [string, Scope][] = [
  ['default', 'required'],
  ['develop', 'dev'],
];

function readPipfileLock(context: LockContext): undefined {
  const lock = asRecord(parseJson(context.file, context.text));
  if (!lock || (!asRecord(lock.default) && !asRecord(lock.develop)))
    throw new FileError({ file: context.file, line: 1 }, 'not a Pipfile.lock: no "default" or "develop"');
  for (const [section, scope] of SECTIONS) {
    for (const [name, raw] of Object.entries(asRecord(lock[section]) ?? {}))
      addPackage(context, name, asRecord(raw) ?? {}, section, scope);
  }
  return undefined;
}

function addPackage(
  context: LockContext,
  name: string,
  entry: Record<string, unknown>,
  section: string,
  scope: Scope,
): void {
  const git = asString(entry.git);
  const version = asString(entry.version)?.replace(/^===?/, '') ?? asString(entry.ref);
  if (!version) {
    context.warn(`${context.file}: "${name}" in "${section}" has no pinned version; it is not in the SBOM`);
    return;
  }
  const hashes = asArray(entry.hashes);
  const hash = hashes.length === 1 ? hashFromPrefixedHex(hashes[0]) : undefined;
  const { graph } = context;
  const ref = graph.add({
    name,
    version,
    ecosystem: 'pypi',
    hashes: hash ? [hash] : [],
    downloadLocation: git ? `git+${git.replace(/^git\+/, '')}` : undefined,
  });
  graph.edge(graph.projectRef, ref, scope);
}
