import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import { hashesFromSri } from '../hashes';
import { parseJsonc } from '../parse';
import { asRecord, asString, type LockContext, type LockReader } from './context';

/**
 * bun.lock, the text lockfile of bun 1.2+ (JSON with trailing commas). `packages` is keyed by install
 * path (`parent/child` for a nested copy) and each value is a tuple whose first item is `name@resolution`:
 *   npm: [ident, registry, info, integrity]; workspace: [ident]; git, github, tarball, folder: [ident, info, ...].
 * `workspaces` holds each workspace's declared dependencies, dev ones included.
 */

export const bunLockReader: LockReader = { format: 'bun-lock', ecosystem: 'npm', read: readBunLock };

const GROUPS: [string, EdgeKind][] = [
  ['dependencies', 'required'],
  ['peerDependencies', 'required'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

function readBunLock(context: LockContext): undefined {
  const lock = asRecord(parseJsonc(context.file, context.text));
  const packages = asRecord(lock?.packages);
  if (!lock || !packages) throw new FileError({ file: context.file, line: 1 }, 'not a bun.lock: no "packages"');
  const { graph } = context;
  const refs = new Map<string, string>();
  const infos = new Map<string, Record<string, unknown>>();
  // Workspace members by path, their packages-key (their name) to resolve their own nested copies.
  const memberByPath = new Map<string, { ref: string; key: string }>();

  for (const [key, raw] of Object.entries(packages)) {
    if (!Array.isArray(raw) || typeof raw[0] !== 'string') continue;
    const ident = raw[0];
    const at = ident.indexOf('@', 1);
    const name = at > 0 ? ident.slice(0, at) : ident;
    const resolution = at > 0 ? ident.slice(at + 1) : '';
    if (resolution.startsWith('workspace:')) {
      const path = resolution.slice('workspace:'.length);
      const info = asRecord(asRecord(lock.workspaces)?.[path]);
      const ref = graph.add({ name, version: asString(info?.version) ?? '', ecosystem: 'npm', isProject: true });
      refs.set(key, ref);
      memberByPath.set(path, { ref, key });
      graph.edge(graph.projectRef, ref, 'required');
      continue;
    }
    if (resolution.startsWith('root:')) continue;
    // npm packages carry [ident, registry, info, integrity]; the others [ident, info, ...].
    const isNpm = typeof raw[1] === 'string';
    const info = asRecord(isNpm ? raw[2] : raw[1]) ?? {};
    const version = asString(info.version) ?? resolution;
    if (!version) {
      context.warn(`${context.file}: package "${key}" has no version; it is not in the SBOM`);
      continue;
    }
    refs.set(
      key,
      graph.add({
        name,
        version,
        ecosystem: 'npm',
        hashes: isNpm ? hashesFromSri(raw[3]) : [],
        downloadLocation: /^(git\+|github:|https?:)/.test(resolution) ? resolution : undefined,
      }),
    );
    infos.set(key, info);
  }

  /** Node-style lookup through the install-path keys: `a/b` + `c` tries `a/b/c`, `a/c`, `c`. */
  const resolve = (fromKey: string, dependency: string): string | undefined => {
    const segments = splitKey(fromKey);
    for (let depth = segments.length; depth >= 0; depth--) {
      const candidate = [...segments.slice(0, depth), dependency].join('/');
      const ref = refs.get(candidate);
      if (ref) return ref;
    }
    return undefined;
  };

  for (const [key, info] of infos) {
    const from = refs.get(key);
    if (!from) continue;
    for (const [group, kind] of GROUPS.slice(0, 3)) {
      for (const name of Object.keys(asRecord(info[group]) ?? {})) {
        const ref = resolve(key, name);
        if (ref) graph.edge(from, ref, kind);
      }
    }
  }
  for (const [path, raw] of Object.entries(asRecord(lock.workspaces) ?? {})) {
    const workspace = asRecord(raw) ?? {};
    const member = path === '' ? undefined : memberByPath.get(path);
    const from = path === '' ? graph.projectRef : member?.ref;
    if (!from) continue;
    for (const [group, kind] of GROUPS) {
      for (const name of Object.keys(asRecord(workspace[group]) ?? {})) {
        const ref = resolve(member?.key ?? '', name);
        if (ref) graph.edge(from, ref, kind);
      }
    }
  }
  return undefined;
}

/** `@scope/a/b` → [`@scope/a`, `b`]: a scoped name is one segment. */
function splitKey(key: string): string[] {
  if (!key) return [];
  const parts = key.split('/');
  const segments: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.startsWith('@') && i + 1 < parts.length) segments.push(`${part}/${parts[++i]}`);
    else segments.push(part);
  }
  return segments;
}
