import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { expandGlobs } from '@ccm/toolkit/globs';
import { hashFiles } from '../hashing/hash-files';
import { FINGERPRINT_SCHEMA, type FingerprintManifest, sealManifest } from './fingerprint-manifest';
import { detectRuntimes } from './fingerprint-runtimes';

/** A test suite as the `test-results` mode's inputs describe it. */
export interface SuiteDefinition {
  /** Input `suite`. */
  suite: string;
  /** The working directory: globs resolve here and manifest paths are relative to it. */
  root: string;
  /** Input `inputs`: globs; `!pattern` excludes. */
  inputs: string[];
  /** Input `env`: variable names. */
  env: string[];
  /** Input `command`. */
  command?: string;
  /** Absolute paths of lock files (detected by the caller); hashed like inputs. */
  lockFiles?: string[];
}

export interface FingerprintOptions {
  /** Default: process.env. */
  environment?: NodeJS.ProcessEnv;
  /** Default: detectRuntimes() over the matched files. */
  runtimes?: Record<string, string>;
}

/**
 * The suite's fingerprint manifest. Depends on the content and relative paths of the matched files and
 * lock files, the named variables' values, the command, the runtime versions and the suite name; not
 * on mtimes, the checkout's absolute path, or the order of globs and of files found.
 */
export async function fingerprintSuite(
  definition: SuiteDefinition,
  options: FingerprintOptions = {},
): Promise<FingerprintManifest> {
  if (!definition.inputs.some((pattern) => !pattern.startsWith('!'))) {
    // A fingerprint over no files would match forever, and skip the suite whatever changed.
    throw new ConfigurationError('input inputs: list at least one glob of the files the suite depends on');
  }
  const matched = await expandGlobs(definition.inputs, { root: definition.root, input: 'inputs' });
  const files = [...new Set([...matched, ...(definition.lockFiles ?? [])])];
  // Runtime probes spawn processes; they run while the files hash.
  const [hashes, runtimes] = await Promise.all([
    hashFiles(files),
    options.runtimes ? Promise.resolve(options.runtimes) : detectRuntimes(files),
  ]);
  return sealManifest({
    schema: FINGERPRINT_SCHEMA,
    suite: definition.suite,
    files: relativeHashes(definition.root, hashes),
    env: envHashes(definition.env, options.environment ?? process.env),
    command: definition.command ?? null,
    runtimes: sortedRecord(runtimes),
  });
}

function relativeHashes(root: string, hashes: ReadonlyMap<string, string>): Record<string, string> {
  const entries = [...hashes].map(([file, hash]): [string, string] => [
    relative(root, file).split(sep).join('/'),
    hash,
  ]);
  return sortedRecord(Object.fromEntries(entries));
}

/** Hashes, never values: a variable may hold a secret, and the manifest is stored and shown. */
export function envHashes(names: readonly string[], environment: NodeJS.ProcessEnv): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  for (const name of [...new Set(names)].sort()) {
    const value = environment[name];
    env[name] = value === undefined ? null : createHash('sha256').update(`${name}=${value}`).digest('hex');
  }
  return env;
}

/** Keys in code-unit order, so the JSON people read lists files the same way on every run. */
function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
