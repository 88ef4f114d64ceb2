import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigurationError, code, InputError, type Runtime, table } from '@ccm/toolkit';
import { errorMessage, FileError } from '@ccm/toolkit/errors';
import { expandGlobs } from '@ccm/toolkit/globs';
import { lockFilesUnder } from '../dependencies/index';
import type { CacheStore } from '../store/store';
import {
  explainFingerprints,
  type FingerprintManifest,
  fingerprintSuite,
  formatExplanation,
  matchResults,
  readFingerprintManifest,
} from '../test-results/index';
import { type CacheContext, type CacheInputs, isReadOnly, workingRoot } from './context';
import { reportStoreFailure, restoreReporting } from './report';
import { refuseFailedResults } from './test-reports';

/**
 * Never a suite's input, whatever the globs say: git's own files change with every commit, and .ccm
 * holds this step's staging folder and the CLI's fingerprint manifests (a `**` would chase its own tail).
 */
const NEVER_INPUTS = ['!.git/**', '!.ccm/**'];

/** What a record holds besides the fingerprint manifest: where the result files go back to. */
interface SuiteRecord {
  schema: 'ccm-test-record/v1';
  suite: string;
  fingerprint: string;
  recordedAt: string;
  commit?: string;
  /** Result files, relative to the working folder (posix separators). */
  results: string[];
}

export interface SuiteCheck {
  skip: boolean;
  manifest: FingerprintManifest;
  /** The newest earlier record of the suite, when the exact fingerprint missed. */
  previous?: FingerprintManifest;
  restoredResults: string[];
}

/** `mode: test-results` without record: fingerprint the suite and skip it when a passing record exists. */
export async function checkSuite(
  runtime: Runtime,
  context: CacheContext,
  inputs: CacheInputs,
  store: CacheStore,
): Promise<SuiteCheck> {
  const { suite, root, manifest } = await suiteFingerprint(context, inputs, await envKeyOf(runtime, inputs, store));
  runtime.setOutput('fingerprint', manifest.fingerprint);
  runtime.exportVariable(checkedVariable(suite), manifest.fingerprint);
  const staging = stagingFolder(root, suite);
  await rm(staging, { recursive: true, force: true });
  try {
    const result = await restoreReporting(runtime, store, inputs, {
      paths: [staging],
      key: recordKey(suite, manifest.fingerprint),
      restoreKeys: [recordKeyPrefix(suite)],
    });
    const check: SuiteCheck = { skip: false, manifest, restoredResults: [] };
    if (result.matchedKey !== undefined && result.exact) {
      const record = await readRecord(staging);
      if (record.fingerprint !== manifest.fingerprint) {
        throw new ConfigurationError(
          `the record under ${result.matchedKey} in ${store.description} is for ${record.fingerprint}, not ${manifest.fingerprint}`,
        );
      }
      const refused = await undeclaredResult(staging, record.results, inputs.results);
      if (refused) {
        runtime.log.warning(`suite ${suite}: the record under ${result.matchedKey} ${refused}; run it`);
      } else {
        check.restoredResults = await copyResultsOut(staging, root, record.results);
        check.skip = true;
        runtime.log.info(
          `suite ${suite} passed before with fingerprint ${manifest.fingerprint} (${record.commit ?? 'unknown commit'}): skip it; ${check.restoredResults.length} result file(s) restored`,
        );
      }
    } else if (result.matchedKey !== undefined) {
      check.previous = await readFingerprintManifest(join(staging, 'manifest.json'));
      const differences = explainFingerprints(check.previous, manifest);
      runtime.log.info(
        `suite ${suite} has changed since its last passing run: run it\n${formatExplanation(check.previous, manifest, differences, { maxPerKind: 10 })}`,
      );
    } else {
      runtime.log.info(`suite ${suite} has no passing record yet: run it`);
    }
    runtime.setOutput('skip', String(check.skip));
    await runtime.writeSummary(checkSummary(suite, check));
    return check;
  } finally {
    await removeStaging(staging, root);
  }
}

/** `record: true`, after the suite passed: store the marker, the manifest and the result files. */
export async function recordSuite(
  runtime: Runtime,
  context: CacheContext,
  inputs: CacheInputs,
  store: CacheStore,
): Promise<{ recorded: boolean; fingerprint: string }> {
  const suite = requiredSuite(inputs);
  const root = workingRoot(context, inputs);
  // What the suite ran against is what the check step fingerprinted, before the run; recording that
  // also spares the record step from repeating inputs, env and command exactly.
  const checked = await checkedManifest(context, suite);
  const manifest =
    checked ?? (await suiteFingerprint(context, inputs, await envKeyOf(runtime, inputs, store))).manifest;
  if (checked) runtime.log.info(`recording the fingerprint the check step computed for ${suite}`);
  runtime.setOutput('fingerprint', manifest.fingerprint);
  runtime.setOutput('skip', 'false');
  const results =
    inputs.results.length > 0 ? await expandGlobs(inputs.results, { root, input: 'results' }) : ([] as string[]);
  // A failure is never recorded: result files that are test reports must hold no failed test.
  await refuseFailedResults(results, root, suite);
  if (isReadOnly(context, inputs)) {
    runtime.log.info(`read-only: the passing result of ${suite} is not recorded`);
    return { recorded: false, fingerprint: manifest.fingerprint };
  }
  const staging = stagingFolder(root, suite);
  await rm(staging, { recursive: true, force: true });
  try {
    const record: SuiteRecord = {
      schema: 'ccm-test-record/v1',
      suite,
      fingerprint: manifest.fingerprint,
      recordedAt: new Date().toISOString(),
      ...(context.env.GITHUB_SHA ? { commit: context.env.GITHUB_SHA } : {}),
      results: results.map((file) => posixRelative(root, file)),
    };
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(staging, 'record.json'), `${JSON.stringify(record, null, 2)}\n`);
    for (const [index, file] of results.entries()) {
      await cp(file, join(staging, 'files', record.results[index] ?? ''), { preserveTimestamps: true });
    }
    const key = recordKey(suite, manifest.fingerprint);
    const saved = await store.save({ paths: [staging], key });
    if (saved.saved) {
      runtime.log.info(`recorded the passing result of ${suite} as ${key} (${results.length} result file(s))`);
    } else if (saved.exists) {
      runtime.log.info(`${suite} was already recorded for this fingerprint: ${saved.reason}`);
    } else {
      reportStoreFailure(runtime, inputs.strict, `recording ${suite} in ${store.description} failed: ${saved.reason}`);
    }
    await runtime.writeSummary(
      `## 🧪 cache: recorded ${suite}\n\nFingerprint ${code(manifest.fingerprint)}, ${results.length} result file(s); an unchanged rerun will skip this suite.\n`,
    );
    return { recorded: saved.saved, fingerprint: manifest.fingerprint };
  } finally {
    await removeStaging(staging, root);
  }
}

/**
 * The suite's fingerprint manifest from the inputs, with a copy left in the temp folder (the CLI's
 * .ccm) so `ccm cache explain` can compare fingerprints by name.
 */
export async function suiteFingerprint(context: CacheContext, inputs: CacheInputs, envKey?: string) {
  const suite = requiredSuite(inputs);
  if (inputs.inputs.length === 0) {
    throw new InputError('inputs', 'is required with mode: test-results (globs of the files the suite depends on)');
  }
  const root = workingRoot(context, inputs);
  const lockFiles = (await lockFilesUnder(root)).map((lock) => lock.file);
  const manifest = await fingerprintSuite(
    {
      suite,
      root,
      inputs: [...inputs.inputs, ...NEVER_INPUTS],
      env: inputs.env,
      ...(inputs.command ? { command: inputs.command } : {}),
      lockFiles,
    },
    { environment: context.env, ...(envKey === undefined ? {} : { envKey }) },
  );
  await writeManifestCopy(context, manifest);
  return { suite, root, manifest };
}

/** The store's fingerprint key; without one, a warning when variable values go into the fingerprint. */
async function envKeyOf(runtime: Runtime, inputs: CacheInputs, store: CacheStore): Promise<string | undefined> {
  // Asked only when needed: a dir: store makes its secret on first use, and may be read-only.
  if (inputs.env.length === 0) return undefined;
  const key = await store.fingerprintKey();
  if (key === undefined) {
    runtime.log.warning(
      `env ${inputs.env.join(', ')}: values are hashed without a secret in the fingerprint, which logs and cache keys show; a guessable value could be recovered from it. Give store-key (a repository secret) to hash them with it.`,
    );
  }
  return key;
}

function requiredSuite(inputs: CacheInputs): string {
  if (!inputs.suite) throw new InputError('suite', 'is required with mode: test-results');
  return inputs.suite;
}

/** The job variable through which a check step hands its fingerprint to the record step after the run. */
export function checkedVariable(suite: string): string {
  return `CCM_CHECKED_FINGERPRINT_${slug(suite)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '_')}`;
}

/** The manifest a check step of this job wrote for the suite, if one ran. */
async function checkedManifest(context: CacheContext, suite: string): Promise<FingerprintManifest | undefined> {
  const fingerprint = context.env[checkedVariable(suite)];
  if (!fingerprint) return undefined;
  const file = manifestCopyPath(context, fingerprint);
  if (!existsSync(file)) return undefined;
  const manifest = await readFingerprintManifest(file);
  return manifest.suite === suite ? manifest : undefined;
}

function manifestCopyPath(context: CacheContext, fingerprint: string): string {
  return join(context.tempDir, 'ccm-fingerprints', `${fingerprint.replace(/^sha256:/, '')}.json`);
}

/** Cache keys allow few characters; the suite name is also hashed into the fingerprint, so a lossy slug is safe. */
function slug(suite: string): string {
  return suite
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .slice(0, 64);
}

export function recordKeyPrefix(suite: string): string {
  return `ccm-tests-${slug(suite)}-`;
}

export function recordKey(suite: string, fingerprint: string): string {
  return `${recordKeyPrefix(suite)}${fingerprint.replace(/^sha256:/, '')}`;
}

/**
 * Where a record is assembled and restored: a fixed folder under the working directory, because the
 * GitHub cache service versions an entry by its path strings, so save and restore must name the same one.
 */
function stagingFolder(root: string, suite: string): string {
  return join(root, '.ccm', 'test-results', slug(suite));
}

/** A copy of each fingerprint's manifest in the runner's temp folder, for `ccm cache explain`. */
async function writeManifestCopy(context: CacheContext, manifest: FingerprintManifest): Promise<void> {
  const file = manifestCopyPath(context, manifest.fingerprint);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Removes the staging folder and the .ccm folders above it that it leaves empty: the workspace stays as it was. */
async function removeStaging(staging: string, root: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
  for (let folder = dirname(staging); folder.startsWith(join(root, '.ccm')); folder = dirname(folder)) {
    try {
      await rmdir(folder);
    } catch {
      return; // not empty (the CLI keeps fingerprints there), or already gone
    }
  }
}

async function readRecord(staging: string): Promise<SuiteRecord> {
  const file = join(staging, 'record.json');
  let record: Partial<SuiteRecord>;
  try {
    record = JSON.parse(await readFile(file, 'utf8')) as Partial<SuiteRecord>;
  } catch (error) {
    throw new FileError({ file }, `not a ccm test record: ${errorMessage(error)}`);
  }
  if (
    record.schema !== 'ccm-test-record/v1' ||
    typeof record.fingerprint !== 'string' ||
    !Array.isArray(record.results) ||
    !record.results.every((path) => typeof path === 'string')
  ) {
    throw new ConfigurationError(`${file}: not a ccm test record (schema ccm-test-record/v1)`);
  }
  return record as SuiteRecord;
}

/**
 * Why the record's result files may not be restored, or undefined. A record is data from the store,
 * which others may have written: it restores only files this step declares in `results` (matched
 * with the same globs, inside the record's own folder), each a regular file, never a link.
 */
async function undeclaredResult(
  staging: string,
  results: readonly string[],
  declared: readonly string[],
): Promise<string | undefined> {
  if (results.length === 0) return undefined;
  if (declared.length === 0) {
    return `holds ${results.length} result file(s), and this step declares no results to restore them to (give results: as the record step does)`;
  }
  const files = join(staging, 'files');
  const allowed = new Set((await matchResults(declared, files, false)).map((file) => posixRelative(files, file)));
  for (const path of results) {
    if (!allowed.has(path)) return `lists ${JSON.stringify(path)}, which this step's results do not declare`;
    const stats = await lstat(join(files, path)).catch(() => undefined);
    if (!stats?.isFile()) return `lists ${JSON.stringify(path)}, which is not a regular file in the record`;
  }
  return undefined;
}

/** Puts recorded result files back where the suite wrote them, never outside the working folder. */
async function copyResultsOut(staging: string, root: string, results: string[]): Promise<string[]> {
  const restored: string[] = [];
  for (const path of results) {
    const target = resolve(root, path);
    if (target === root || !target.startsWith(`${root}${sep}`)) {
      throw new ConfigurationError(`test record lists ${path}, which is outside ${root}: refused`);
    }
    await mkdir(dirname(target), { recursive: true });
    await cp(join(staging, 'files', path), target, { preserveTimestamps: true });
    restored.push(target);
  }
  return restored;
}

function posixRelative(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

function checkSummary(suite: string, check: SuiteCheck): string {
  if (check.skip) {
    return `## ⏭️ cache: ${suite} skipped\n\nIts inputs match a passing run (${code(check.manifest.fingerprint)}); ${check.restoredResults.length} result file(s) restored for later steps.\n`;
  }
  const head = `## ▶️ cache: ${suite} runs\n\nFingerprint ${code(check.manifest.fingerprint)}.`;
  if (!check.previous) return `${head} No passing run recorded yet.\n`;
  const differences = explainFingerprints(check.previous, check.manifest);
  const rows = differences.slice(0, 50).map((d) => [d.kind, code(d.name), d.change]);
  const more = differences.length > 50 ? `\n\n…and ${differences.length - 50} more.` : '';
  return `${head} Changed since the last passing run (${code(check.previous.fingerprint)}):\n\n${table(['Kind', 'Input', 'Change'], rows)}${more}\n\n<details><summary>explain</summary>\n\n\`\`\`\n${formatExplanation(check.previous, check.manifest, differences)}\n\`\`\`\n</details>\n`;
}
