import { FileError } from '@ccm/toolkit/errors';
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

async function readComposerLock(context: LockContext): Promise<undefined> {
  const lock = asRecord(parseJson(context.file, context.text));
  if (!lock || (!Array.isArray(lock.packages) && !Array.isArray(lock['packages-dev'])))
    throw new FileError({ file: context.file, line: 1 }, 'not a composer.lock: no "packages"');
  const { graph } = context;
  const byName = new Map<string, string>();
  const entries: [string, Record<string, unknown>][] = [];
  const sections: [string, Scope][] = [
    ['packages', 'required'],
    ['packages-dev', 'dev'],
  ];
  for (const [section, scope] of sections) {
    for (const raw of asArray(lock[section])) {
      const entry = asRecord(raw) ?? {};
      const name = asString(entry.name);
      const version = asString(entry.version);
      if (!name || !version) {
        context.warn(`${context.file}: a package in "${section}" has no name or version; it is not in the SBOM`);
        continue;
      }
      const dist = asRecord(entry.dist) ?? {};
      const source = asRecord(entry.source) ?? {};
      const sha1 = hexHash('SHA-1', dist.shasum);
      const ref = graph.add({
        name: name.toLowerCase(),
        version,
        ecosystem: 'composer',
        hashes: sha1 ? [sha1] : [],
        licenses: licenseList(entry.license),
        scope,
        downloadLocation: asString(dist.url) ?? asString(source.url),
      });
      byName.set(name.toLowerCase(), ref);
      entries.push([ref, entry]);
    }
  }
  for (const [ref, entry] of entries) {
    for (const name of Object.keys(asRecord(entry.require) ?? {})) {
      const target = byName.get(name.toLowerCase());
      if (target) graph.edge(ref, target);
    }
  }
  const manifest = await context.readSibling('composer.json');
  if (manifest) {
    const json = asRecord(parseJson(manifest.file, manifest.text)) ?? {};
    const groups: [string, Scope][] = [
      ['require', 'required'],
      ['require-dev', 'dev'],
    ];
    for (const [key, kind] of groups) {
      for (const name of Object.keys(asRecord(json[key]) ?? {})) {
        const target = byName.get(name.toLowerCase());
        if (target) graph.edge(graph.projectRef, target, kind);
      }
    }
  }
  return undefined;
}
