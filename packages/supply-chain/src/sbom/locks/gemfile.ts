import { FileError } from '@ccm/toolkit/errors';
import type { LockGraph, PackageInput } from '../graph';
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
}

function readGemfileLock(context: LockContext): undefined {
  const lock = new GemfileLock(context.file);
  const lines = context.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) lock.read(lines[i] ?? '', i + 1);
  addToGraph(context.graph, lock);
  return undefined;
}

const OPTION = /^ {2}(remote|revision|ref|branch|tag|glob|specs|submodules):\s*(.*)$/;
const SPEC = /^ {4}(\S+) \(([^)]+)\)$/;
const SPEC_DEPENDENCY = /^ {6}(\S+)(?: \(.*\))?$/;
const DIRECT = /^ {2}(\S+?)!?(?: \(.*\))?$/;
const CHECKSUM = /^ {2}(\S+) \(([^)]+)\)(?: (.*))?$/;

/** The lock's sections read line by line: the specs of each source, the direct gems, the checksums. */
class GemfileLock {
  readonly specs: Spec[] = [];
  readonly direct: string[] = [];
  /** `name version[-platform]` → `sha256=<hex>`. */
  readonly checksums = new Map<string, string>();
  #section = '';
  #remote: string | undefined;
  #revision: string | undefined;
  #current: Spec | undefined;
  #line = 0;

  constructor(private readonly file: string) {}

  read(line: string, number: number): void {
    if (!line.trim()) return;
    this.#line = number;
    if (!line.startsWith(' ')) this.#startSection(line.trim());
    else if (SOURCES.has(this.#section)) this.#sourceLine(line);
    else if (this.#section === 'DEPENDENCIES') this.#directLine(line);
    else if (this.#section === 'CHECKSUMS') this.#checksumLine(line);
    // PLATFORMS, RUBY VERSION, BUNDLED WITH: nothing that names a package.
  }

  #startSection(name: string): void {
    this.#section = name;
    this.#remote = this.#revision = this.#current = undefined;
  }

  /** An option of the source (`remote:`), a spec at four spaces, or a spec's dependency at six. */
  #sourceLine(line: string): void {
    const option = OPTION.exec(line);
    const spec = option ? undefined : SPEC.exec(line);
    if (option) this.#option(option[1], option[2]);
    else if (spec?.[1] && spec[2]) this.#spec(spec[1], spec[2]);
    else this.#specDependency(line);
  }

  #specDependency(line: string): void {
    const dependency = SPEC_DEPENDENCY.exec(line);
    if (!dependency?.[1] || !this.#current) throw this.#fail(`unexpected line in ${this.#section}`);
    this.#current.dependencies.push(dependency[1]);
  }

  #option(name: string | undefined, value: string | undefined): void {
    if (name === 'remote') this.#remote = value;
    if (name === 'revision') this.#revision = value;
  }

  /** `name (version)`, the version possibly suffixed with `-platform`. */
  #spec(name: string, stated: string): void {
    const [version, ...platform] = stated.split('-');
    this.#current = {
      name,
      version: version ?? stated,
      platform: platform.join('-') || undefined,
      source: this.#section,
      remote: this.#remote,
      revision: this.#revision,
      dependencies: [],
    };
    this.specs.push(this.#current);
  }

  #directLine(line: string): void {
    const dependency = DIRECT.exec(line);
    if (!dependency?.[1]) throw this.#fail('unexpected line in DEPENDENCIES');
    this.direct.push(dependency[1]);
  }

  #checksumLine(line: string): void {
    const checksum = CHECKSUM.exec(line);
    if (!checksum) throw this.#fail('unexpected line in CHECKSUMS');
    for (const digest of (checksum[3] ?? '').split(',')) {
      if (digest.trim().startsWith('sha256=')) this.checksums.set(`${checksum[1]} ${checksum[2]}`, digest.trim());
    }
  }

  #fail(why: string): FileError {
    return new FileError({ file: this.file, line: this.#line }, `malformed Gemfile.lock: ${why}`);
  }
}

function addToGraph(graph: LockGraph, lock: GemfileLock): void {
  const byName = new Map<string, string[]>();
  const refs = lock.specs.map((spec) => {
    const ref = graph.add(packageOf(spec, lock.checksums));
    byName.set(spec.name, [...(byName.get(spec.name) ?? []), ref]);
    return ref;
  });
  lock.specs.forEach((spec, i) => {
    const from = refs[i] as string;
    for (const dependency of spec.dependencies) for (const to of byName.get(dependency) ?? []) graph.edge(from, to);
  });
  for (const name of lock.direct) for (const to of byName.get(name) ?? []) graph.edge(graph.projectRef, to);
}

function packageOf(spec: Spec, checksums: Map<string, string>): PackageInput {
  const full = spec.platform ? `${spec.version}-${spec.platform}` : spec.version;
  const hash = hashFromPrefixedHex(checksums.get(`${spec.name} ${full}`));
  return {
    name: spec.name,
    version: spec.version,
    ecosystem: 'gem',
    qualifiers: spec.platform ? { platform: spec.platform } : undefined,
    hashes: hash ? [hash] : [],
    downloadLocation: gitLocation(spec),
    isProject: spec.source === 'PATH' || undefined,
  };
}

function gitLocation(spec: Spec): string | undefined {
  if (spec.source !== 'GIT' || !spec.remote) return undefined;
  return `git+${spec.remote}${spec.revision ? `@${spec.revision}` : ''}`;
}
