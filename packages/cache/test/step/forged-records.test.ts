import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeRuntime } from '../../../../test/support/fake-runtime';
import { type CacheContext, cacheStep, recordKey } from '../../src/step/index';
import { DirectoryStore } from '../../src/store';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

const STORE_KEY = 'the-store-key-from-a-repository-secret';
const PASSING_JUNIT =
  '<?xml version="1.0"?><testsuites><testsuite name="unit" tests="1"><testcase name="adds" classname="unit"/></testsuite></testsuites>';

function setup() {
  const workspace = temp('ccm-forged-');
  const storeRoot = temp('ccm-forged-store-');
  mkdirSync(join(workspace, 'src'));
  writeFileSync(join(workspace, 'src', 'add.js'), 'export const add = (a, b) => a + b;\n');
  const context: CacheContext = {
    workspace,
    tempDir: temp('ccm-forged-temp-'),
    env: { ...process.env },
    inActions: false,
    fromFork: false,
  };
  const suite = {
    store: `dir:${storeRoot}`,
    mode: 'test-results',
    suite: 'unit',
    inputs: 'src/**',
    command: 'npm test',
  };
  return { workspace, storeRoot, context, suite };
}

/**
 * What anyone who can write a dir: store can do: save a passing record, by hand, under the key the
 * next check will look for (its fingerprint is in the check's own output).
 */
async function forgeRecord(
  storeRoot: string,
  workspace: string,
  fingerprint: string,
  files: Record<string, string | { symlink: string }>,
) {
  const staging = join(workspace, '.ccm', 'test-results', 'unit');
  mkdirSync(join(staging, 'files'), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const file = join(staging, 'files', path);
    mkdirSync(dirname(file), { recursive: true });
    if (typeof content === 'string') writeFileSync(file, content);
    else symlinkSync(content.symlink, file);
  }
  writeFileSync(join(staging, 'manifest.json'), '{}');
  const record = {
    schema: 'ccm-test-record/v1',
    suite: 'unit',
    fingerprint,
    recordedAt: '',
    results: Object.keys(files),
  };
  writeFileSync(join(staging, 'record.json'), JSON.stringify(record));
  const saved = await new DirectoryStore(storeRoot).save({ paths: [staging], key: recordKey('unit', fingerprint) });
  expect(saved).toMatchObject({ saved: true });
  rmSync(join(workspace, '.ccm'), { recursive: true });
}

describe('a forged test record (dir: store)', () => {
  it('restores only the result files this step declares: a record listing another file runs the suite', async () => {
    const { workspace, storeRoot, context, suite } = setup();
    const first = fakeRuntime({ ...suite, results: 'reports/*.xml' });
    await cacheStep(first.runtime, context);
    await forgeRecord(storeRoot, workspace, first.record.outputs.fingerprint as string, {
      'reports/junit.xml': PASSING_JUNIT,
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
    });

    const check = fakeRuntime({ ...suite, results: 'reports/*.xml' });
    await cacheStep(check.runtime, context);
    expect(check.record.outputs.skip).toBe('false');
    expect(existsSync(join(workspace, '.github'))).toBe(false);
    expect(existsSync(join(workspace, 'reports'))).toBe(false);
    expect(check.record.logger.lines.map((line) => line.message).join('\n')).toContain(
      `lists ".github/workflows/ci.yml", which this step's results do not declare; run it`,
    );
  });

  it('runs the suite when the check step declares no results and the record has some', async () => {
    const { workspace, storeRoot, context, suite } = setup();
    const first = fakeRuntime(suite);
    await cacheStep(first.runtime, context);
    await forgeRecord(storeRoot, workspace, first.record.outputs.fingerprint as string, {
      'reports/junit.xml': PASSING_JUNIT,
    });
    const check = fakeRuntime(suite);
    await cacheStep(check.runtime, context);
    expect(check.record.outputs.skip).toBe('false');
    expect(existsSync(join(workspace, 'reports'))).toBe(false);
    expect(check.record.logger.lines.some((line) => /declares no results/.test(line.message))).toBe(true);
  });

  it('never restores a result that is a link, even one the globs declare', async () => {
    const { workspace, storeRoot, context, suite } = setup();
    const first = fakeRuntime({ ...suite, results: 'reports/**' });
    await cacheStep(first.runtime, context);
    await forgeRecord(storeRoot, workspace, first.record.outputs.fingerprint as string, {
      'reports/junit.xml': { symlink: '../../record.json' },
    });
    const check = fakeRuntime({ ...suite, results: 'reports/**' });
    await cacheStep(check.runtime, context);
    expect(check.record.outputs.skip).toBe('false');
    expect(existsSync(join(workspace, 'reports'))).toBe(false);
  });

  it('with store-key, refuses a record the store did not sign: the suite runs', async () => {
    const { workspace, storeRoot, context, suite } = setup();
    const keyed = { ...suite, 'store-key': STORE_KEY, results: 'reports/*.xml' };
    const first = fakeRuntime(keyed);
    await cacheStep(first.runtime, context);
    expect(first.record.masked).toContain(STORE_KEY);
    await forgeRecord(storeRoot, workspace, first.record.outputs.fingerprint as string, {
      'reports/junit.xml': PASSING_JUNIT,
    });

    const check = fakeRuntime(keyed);
    await cacheStep(check.runtime, context);
    expect(check.record.outputs.skip).toBe('false');
    expect(existsSync(join(workspace, 'reports'))).toBe(false);
    const warnings = check.record.logger.lines.filter((line) => line.level === 'warning').map((line) => line.message);
    expect(warnings.join('\n')).toMatch(/is not signed: it was not written with this store-key; refused/);
    expect(warnings.join('\n')).not.toContain(STORE_KEY);
  });

  it('with store-key, a suite recorded by the keyed store skips and restores its results', async () => {
    const { workspace, context, suite } = setup();
    const keyed = { ...suite, 'store-key': STORE_KEY, results: 'reports/*.xml' };
    const check = fakeRuntime(keyed);
    await cacheStep(check.runtime, context);
    mkdirSync(join(workspace, 'reports'));
    writeFileSync(join(workspace, 'reports', 'junit.xml'), PASSING_JUNIT);
    const job = { ...context, env: { ...context.env, ...check.record.exported } };
    await cacheStep(fakeRuntime({ ...keyed, record: 'true' }).runtime, job);
    rmSync(join(workspace, 'reports'), { recursive: true });
    const again = fakeRuntime(keyed);
    await cacheStep(again.runtime, context);
    expect(again.record.outputs.skip).toBe('true');
    expect(readFileSync(join(workspace, 'reports', 'junit.xml'), 'utf8')).toBe(PASSING_JUNIT);
  });

  it('refuses a store-key too short to be a secret, after masking it', async () => {
    const { context, suite } = setup();
    const run = fakeRuntime({ ...suite, 'store-key': 'short' });
    await expect(cacheStep(run.runtime, context)).rejects.toThrow(/input store-key: must be at least 16 characters/);
    expect(run.record.masked).toEqual(['short']);
  });
});

describe('environment values in stored fingerprints', () => {
  const pinOf = (manifest: { env: Record<string, string | null> }) => {
    const hash = manifest.env.PIN;
    for (let pin = 0; pin < 10_000; pin++) {
      const guess = String(pin).padStart(4, '0');
      if (createHash('sha256').update(`PIN=${guess}`).digest('hex') === hash) return guess;
    }
    return undefined;
  };

  for (const [name, extra] of [
    ['a dir: store without a key (its own secret)', {}],
    ['a dir: store with store-key', { 'store-key': STORE_KEY }],
  ] as const) {
    it(`cannot be guessed from the manifest with ${name}`, async () => {
      const { context, suite } = setup();
      const env = { ...context.env, PIN: '4821' };
      const run = fakeRuntime({ ...suite, ...extra, env: 'PIN' });
      await cacheStep(run.runtime, { ...context, env });
      const fingerprint = (run.record.outputs.fingerprint as string).slice('sha256:'.length);
      const manifest = JSON.parse(
        readFileSync(join(context.tempDir, 'ccm-fingerprints', `${fingerprint}.json`), 'utf8'),
      );
      expect(manifest.env.PIN).toMatch(/^[0-9a-f]{64}$/);
      expect(pinOf(manifest)).toBeUndefined();
      // Still a fingerprint of the value: another PIN, another fingerprint.
      const other = fakeRuntime({ ...suite, ...extra, env: 'PIN' });
      await cacheStep(other.runtime, { ...context, env: { ...env, PIN: '4822' } });
      expect(other.record.outputs.fingerprint).not.toBe(run.record.outputs.fingerprint);
    });
  }

  it('warns when there is no secret to hash them with (the github store without store-key)', async () => {
    const { context, suite } = setup();
    const run = fakeRuntime({ ...suite, store: 'github', env: 'PIN' });
    await cacheStep(run.runtime, { ...context, env: { ...context.env, PIN: '4821' } });
    expect(run.record.logger.lines.some((line) => /values are hashed without a secret/.test(line.message))).toBe(true);
  });
});
