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

function readPipfileLock(context: LockContext): undefined {
  const lock = asRecord(parseJson(context.file, context.text));
  if (!lock || (!asRecord(lock.default) && !asRecord(lock.develop)))
    throw new FileError({ file: context.file, line: 1 }, 'not a Pipfile.lock: no "default" or "develop"');
  const sections: [string, Scope][] = [
    ['default', 'required'],
    ['develop', 'dev'],
  ];
  for (const [section, scope] of sections) {
    for (const [name, raw] of Object.entries(asRecord(lock[section]) ?? {})) {
      const entry = asRecord(raw) ?? {};
      const pinned = asString(entry.version)?.replace(/^===?/, '');
      const git = asString(entry.git);
      const version = pinned ?? asString(entry.ref);
      if (!version) {
        context.warn(`${context.file}: "${name}" in "${section}" has no pinned version; it is not in the SBOM`);
        continue;
      }
      const hashes = asArray(entry.hashes);
      const hash = hashes.length === 1 ? hashFromPrefixedHex(hashes[0]) : undefined;
      const ref = context.graph.add({
        name,
        version,
        ecosystem: 'pypi',
        hashes: hash ? [hash] : [],
        downloadLocation: git ? `git+${git.replace(/^git\+/, '')}` : undefined,
      });
      context.graph.edge(context.graph.projectRef, ref, scope);
    }
  }
  return undefined;
}
