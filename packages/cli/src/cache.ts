import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type CacheContext,
  cacheSaveStep,
  cacheStep,
  dependencyCacheKey,
  explainFingerprints,
  formatExplanation,
  readCacheInputs,
  readFingerprintManifest,
  snapshotResults,
  storeKeyOf,
  suiteFingerprint,
  writtenByThisRun,
} from '@ccm/cache';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { cliRuntime } from './runtime';

export interface CacheCommandOptions {
  inputs: Record<string, string>;
  cwd: string;
  summaryFile?: string;
  quiet?: boolean;
}

/** Where the CLI keeps fingerprint manifests between runs, so `ccm cache explain` can name them by fingerprint. */
export function cliStateFolder(cwd: string): string {
  return join(cwd, '.ccm');
}

function cliContext(cwd: string): CacheContext {
  return { workspace: cwd, tempDir: cliStateFolder(cwd), env: process.env, inActions: false, fromFork: false };
}

/** `ccm cache key`: the computed key of a folder, as JSON. */
export async function runCacheKey(
  cwd: string,
  ecosystems: string[],
  print: (text: string) => void,
  askTools = true,
): Promise<number> {
  const key = await dependencyCacheKey(cwd, { only: ecosystems, askTools });
  print(
    JSON.stringify(
      { key: key.key, restoreKeys: key.restoreKeys, paths: key.paths, ecosystems: key.ecosystems },
      null,
      2,
    ),
  );
  return 0;
}

/** `ccm cache restore|fingerprint|promote|fetch`: the action's main step with the CLI's runtime; prints its outputs. */
export async function runCacheStep(options: CacheCommandOptions, print: (text: string) => void): Promise<number> {
  const inputs = withStoreKeyFromEnvironment(options.inputs);
  const runtime = cliRuntime({ inputs, ...summaryFile(options), quiet: options.quiet ?? false });
  await cacheStep(runtime, cliContext(options.cwd));
  for (const [name, value] of Object.entries(runtime.outputs)) print(`${name}: ${value}`);
  return 0;
}

/** `ccm cache fingerprint`: the suite's fingerprint; with a store, whether it may be skipped (or, with --record, the record). */
export async function runCacheFingerprint(
  options: CacheCommandOptions,
  print: (text: string) => void,
): Promise<number> {
  if (options.inputs.store) return runCacheStep(options, print);
  const runtime = cliRuntime({ inputs: withStoreKeyFromEnvironment(options.inputs), quiet: options.quiet ?? false });
  const inputs = readCacheInputs(runtime);
  // Without a store, only a store key can key the variable hashes (a dir: store's own secret is in its folder).
  const { manifest } = await suiteFingerprint(cliContext(options.cwd), inputs, storeKeyOf(runtime, inputs));
  print(`fingerprint: ${manifest.fingerprint}`);
  return 0;
}

/** `ccm cache save`: what the post step does after a miss. */
export async function runCacheSave(options: CacheCommandOptions): Promise<number> {
  const inputs = withStoreKeyFromEnvironment(options.inputs);
  const runtime = cliRuntime({ inputs, ...summaryFile(options), quiet: options.quiet ?? false });
  await cacheSaveStep(runtime, cliContext(options.cwd));
  return 0;
}

/**
 * `ccm cache run -- <command>`: the whole test-result cycle in one command. Skips the command when its
 * fingerprint has a passing record; else runs it and records it only when it exits 0, with only the
 * result files this run wrote or changed (an old report left in the folder is never recorded).
 */
export async function runCachedSuite(
  options: CacheCommandOptions,
  command: string[],
  print: (text: string) => void,
): Promise<number> {
  if (command.length === 0) throw new ConfigurationError('ccm cache run: give the command after --');
  // The argument vector as a JSON array: `sh -c 'true;' 'exit 1'` and `sh -c 'true; exit 1'` differ.
  const inputs: Record<string, string> = {
    command: JSON.stringify(command),
    ...withStoreKeyFromEnvironment(options.inputs),
    mode: 'test-results',
  };
  const check = cliRuntime({ inputs, ...summaryFile(options), quiet: options.quiet ?? false });
  const context = cliContext(options.cwd);
  await cacheStep(check, context);
  if (check.outputs.skip === 'true') {
    print(`skipped: ${inputs.suite} passed before with ${check.outputs.fingerprint}`);
    return 0;
  }
  const cwd = resolve(options.cwd, inputs['working-directory'] ?? '.');
  const results = (inputs.results ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const before = await snapshotResults(results, cwd);
  const [file, ...args] = command as [string, ...string[]];
  const code = await runCommand(file, args, cwd);
  if (code !== 0) {
    print(`failed: ${inputs.suite} exited ${code}; not recorded`);
    return code;
  }
  const { fresh, stale } = await writtenByThisRun(results, cwd, before);
  for (const path of stale) {
    check.log.warning(
      `not recording ${path}: this run did not write it (same size, time and content as before it ran)`,
    );
  }
  if (results.length > 0 && fresh.length === 0) {
    print(`passed: ${inputs.suite}, not recorded: none of its result files was written by this run`);
    return 0;
  }
  const recordInputs = { ...inputs, record: 'true', ...(results.length > 0 ? { results: fresh.join('\n') } : {}) };
  const record = cliRuntime({ inputs: recordInputs, quiet: options.quiet ?? false });
  await cacheStep(record, context);
  print(`passed: ${inputs.suite} recorded as ${record.outputs.fingerprint}`);
  return 0;
}

/** `--store-key`, else `CCM_STORE_KEY`: a secret is better kept off the command line, where `ps` shows it. */
function withStoreKeyFromEnvironment(inputs: Record<string, string>): Record<string, string> {
  const fromEnvironment = process.env.CCM_STORE_KEY;
  return inputs['store-key'] || !fromEnvironment ? inputs : { ...inputs, 'store-key': fromEnvironment };
}

/** `ccm cache explain A B`: which inputs differ between two fingerprints (manifest files, or fingerprints seen here). */
export async function runCacheExplain(cwd: string, before: string, after: string, print: (text: string) => void) {
  const [a, b] = await Promise.all([manifestFor(cwd, before), manifestFor(cwd, after)]);
  const differences = explainFingerprints(a, b);
  print(formatExplanation(a, b, differences));
  return 0;
}

async function manifestFor(cwd: string, reference: string) {
  const path = resolve(cwd, reference);
  if (existsSync(path)) return readFingerprintManifest(path);
  const hex = reference.replace(/^sha256:/, '');
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new ConfigurationError(`${reference}: neither a manifest file nor a sha256 fingerprint`);
  }
  const known = join(cliStateFolder(cwd), 'ccm-fingerprints', `${hex}.json`);
  if (!existsSync(known)) {
    throw new ConfigurationError(
      `fingerprint ${reference} was not computed here (no ${known}); pass the manifest file the action wrote to RUNNER_TEMP/ccm-fingerprints`,
    );
  }
  return readFingerprintManifest(known);
}

function runCommand(file: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { cwd, stdio: 'inherit' });
    child.on('error', (error) => reject(new ConfigurationError(`could not run ${file}: ${error.message}`)));
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
  });
}

function summaryFile(options: CacheCommandOptions): { summaryFile?: string } {
  return options.summaryFile ? { summaryFile: options.summaryFile } : {};
}
