/**
 * The normalised SBOM model every lock reader produces and both writers (CycloneDX, SPDX) consume.
 * It holds only what a lock file states; nothing is fetched.
 */

/** Package URL types, also used as the ecosystem name. */
export type Ecosystem = 'npm' | 'pypi' | 'cargo' | 'golang' | 'composer' | 'gem';

/** Hash algorithm names as CycloneDX spells them; the SPDX writer maps them to its own names. */
export type HashAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5';

export interface Hash {
  alg: HashAlgorithm;
  /** Lower-case hex. */
  content: string;
}

/**
 * `required`: needed at run time; `optional`: installed only where possible (npm optionalDependencies,
 * Python extras); `dev`: only for development and tests (CycloneDX has no such scope: it becomes `excluded`).
 */
export type Scope = 'required' | 'optional' | 'dev';

/** A fact from the lock with no field of its own in the model (a yarn cache checksum, a go.sum dirhash). */
export interface Property {
  name: string;
  value: string;
}

export interface Component {
  /** The full package name as its ecosystem writes it: `@scope/name`, `vendor/name`, a Go module path. */
  name: string;
  version: string;
  purl: string;
  /** At most one per algorithm, each the digest of the one artifact the package is (a tarball, a crate, an sdist). */
  hashes: Hash[];
  /** License ids or expressions as the lock states them; several entries are alternatives (composer's meaning). */
  licenses: string[];
  scope: Scope;
  ecosystem: Ecosystem;
  /** Unique in one SBOM; equal to the purl, so the same package from two locks is one component. */
  bomRef: string;
  /** Where the lock says the package was fetched from, when it says so. */
  downloadLocation?: string;
  properties: Property[];
  /** A project of its own (a workspace member, a nested project with its own lock) rather than a dependency. */
  isProject?: boolean;
}

/** The project the SBOM describes: `metadata.component` in CycloneDX, the described package in SPDX. */
export interface Project {
  name: string;
  version?: string;
  purl?: string;
  licenses: string[];
  ecosystem?: Ecosystem;
  bomRef: string;
  /** The manifest it was read from, relative to the working directory; absent when none was found. */
  manifest?: string;
}

/** One lock file that went into the SBOM. */
export interface LockSource {
  /** Path relative to the working directory, `/`-separated. */
  path: string;
  format: LockFormat;
  components: number;
}

export type LockFormat =
  | 'package-lock'
  | 'npm-shrinkwrap'
  | 'pnpm-lock'
  | 'yarn-classic'
  | 'yarn-berry'
  | 'bun-lock'
  | 'requirements'
  | 'poetry-lock'
  | 'uv-lock'
  | 'pipfile-lock'
  | 'cargo-lock'
  | 'go-mod'
  | 'composer-lock'
  | 'gemfile-lock';

export interface Sbom {
  root: Project;
  /** Sorted by bomRef. */
  components: Component[];
  /** Edges by bomRef, from the root and from each component; targets sorted, no duplicates. */
  dependencies: Map<string, string[]>;
  locks: LockSource[];
  /** Things the caller must show the user: unknown lock formats, unpinned requirements, skipped entries. */
  warnings: string[];
}
