import { createHash, createHmac } from 'node:crypto';
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
  /** The secret environment values are hashed with (see envHashes); without one, plain sha256. */
  envKey?: string;
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
    env: envHashes(definition.env, options.environment ?? process.env, options.envKey),
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

/**
 * Hashes, never values: a variable may hold a secret, and the manifest is stored and shown. The
 * fingerprint over these hashes appears in logs and cache keys, so a hash anyone can recompute
 * gives away a guessable value (a 4-digit PIN falls in milliseconds). With a key the hash is
 * HMAC-SHA256: a reader without the key learns only that a value changed, which `explain` needs.
 * We keep a keyed hash rather than storing only the names that changed, because the fingerprint
 * itself must change with the value, and any unkeyed function of the value would leak it the same way.
 */
export function envHashes(
  names: readonly string[],
  environment: NodeJS.ProcessEnv,
  key?: string,
): Record<string, string | null> {
  // A key of its own for env hashes, derived with a label, so they never double as store signatures.
  const envKey = key === undefined ? undefined : createHmac('sha256', key).update('ccm-env-hash/v1').digest();
  const env: Record<string, string | null> = {};
  for (const name of [...new Set(names)].sort()) {
    const value = environment[name];
    if (value === undefined) {
      env[name] = null;
      continue;
    }
    const hash = envKey === undefined ? createHash('sha256') : createHmac('sha256', envKey);
    env[name] = hash.update(`${name}=${value}`).digest('hex');
  }
  return env;
}

/** Keys in code-unit order, so the JSON people read lists files the same way on every run. */
function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
