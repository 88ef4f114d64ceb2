import { FileError } from '@ccm/toolkit/errors';
import { hashFromPrefixedHex } from '../hashes';
import type { LockContext, LockReader } from './context';

/**
 * Gemfile.lock. Sources (GEM, GIT, PATH, PLUGIN SOURCE) list `specs:` at four spaces (`name (version)`,
 * the version possibly suffixed with `-platform`) and their dependencies at six. DEPENDENCIES lists
 * the Gemfile's direct gems; CHECKSUMS (bundler 2.5+) the SHA-256 of each .gem. The lock does not
 * keep Gemfile groups, so every gem is required.
 */

export const gemfileLockReader: LockReader = { format: 'gemfile-lock', ecosystem: 'gem', read: readGemfileLock };

const SOURCES = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);

interface Spec {
  name: string;
  version: string;
  platform?: string;
  source: string;
  remote?: string;
  revision?: string;
  dependencies: string[];
  ref?: string;
}

function readGemfileLock(context: LockContext): undefined {
  const { file, graph } = context;
  const specs: Spec[] = [];
  const direct: string[] = [];
  const checksums = new Map<string, string>();
  let section = '';
  let remote: string | undefined;
  let revision: string | undefined;
  let current: Spec | undefined;
  const lines = context.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.trim()) continue;
    const fail = (why: string) => new FileError({ file, line: i + 1 }, `malformed Gemfile.lock: ${why}`);
    if (!line.startsWith(' ')) {
      section = line.trim();
      remote = revision = current = undefined;
      continue;
    }
    if (SOURCES.has(section)) {
      const option = /^ {2}(remote|revision|ref|branch|tag|glob|specs|submodules):\s*(.*)$/.exec(line);
      if (option) {
        if (option[1] === 'remote') remote = option[2];
        if (option[1] === 'revision') revision = option[2];
        continue;
      }
      const spec = /^ {4}(\S+) \(([^)]+)\)$/.exec(line);
      if (spec?.[1] && spec[2]) {
        const [version, ...platform] = spec[2].split('-');
        current = {
          name: spec[1],
          version: version ?? spec[2],
          platform: platform.join('-') || undefined,
          source: section,
          remote,
          revision,
          dependencies: [],
        };
        specs.push(current);
        continue;
      }
      const dependency = /^ {6}(\S+)(?: \(.*\))?$/.exec(line);
      if (dependency?.[1] && current) {
        current.dependencies.push(dependency[1]);
        continue;
      }
      throw fail(`unexpected line in ${section}`);
    }
    if (section === 'DEPENDENCIES') {
      const dependency = /^ {2}(\S+?)!?(?: \(.*\))?$/.exec(line);
      if (!dependency?.[1]) throw fail('unexpected line in DEPENDENCIES');
      direct.push(dependency[1]);
    } else if (section === 'CHECKSUMS') {
      const checksum = /^ {2}(\S+) \(([^)]+)\)(?: (.*))?$/.exec(line);
      if (!checksum) throw fail('unexpected line in CHECKSUMS');
      for (const digest of (checksum[3] ?? '').split(',')) {
        if (digest.trim().startsWith('sha256=')) checksums.set(`${checksum[1]} ${checksum[2]}`, digest.trim());
      }
    }
    // PLATFORMS, RUBY VERSION, BUNDLED WITH: nothing that names a package.
  }

  const byName = new Map<string, string[]>();
  for (const spec of specs) {
    const full = spec.platform ? `${spec.version}-${spec.platform}` : spec.version;
    const hash = hashFromPrefixedHex(checksums.get(`${spec.name} ${full}`));
    const ref = graph.add({
      name: spec.name,
      version: spec.version,
      ecosystem: 'gem',
      qualifiers: spec.platform ? { platform: spec.platform } : undefined,
      hashes: hash ? [hash] : [],
      downloadLocation:
        spec.source === 'GIT' && spec.remote
          ? `git+${spec.remote}${spec.revision ? `@${spec.revision}` : ''}`
          : undefined,
      isProject: spec.source === 'PATH' || undefined,
    });
    spec.ref = ref;
    byName.set(spec.name, [...(byName.get(spec.name) ?? []), ref]);
  }
  for (const spec of specs) {
    for (const dependency of spec.dependencies)
      for (const to of byName.get(dependency) ?? []) if (spec.ref) graph.edge(spec.ref, to);
  }
  for (const name of direct) for (const to of byName.get(name) ?? []) graph.edge(graph.projectRef, to);
  return undefined;
}
