import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeRuntime } from '../../../../test/support/fake-runtime';
import { type CacheContext, cachePostStep, cacheSaveStep, cacheStep } from '../../src/step/index';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** A CLI-like context: no Actions, a directory store, npm's cache in a folder of the test's own. */
function setup() {
  const workspace = temp('ccm-flow-');
  const npmCache = join(temp('ccm-flow-npm-'), 'cache');
  const store = `dir:${temp('ccm-flow-store-')}`;
  writeFileSync(join(workspace, 'package.json'), '{"name":"flow","version":"1.0.0"}\n');
  const lock = (version: string) =>
    writeFileSync(
      join(workspace, 'package-lock.json'),
      JSON.stringify({ name: 'flow', version, lockfileVersion: 3, requires: true, packages: { '': { version } } }),
    );
  lock('1.0.0');
  const context: CacheContext = {
    workspace,
    tempDir: temp('ccm-flow-temp-'),
    env: { ...process.env, npm_config_cache: npmCache },
    inActions: false,
    fromFork: false,
  };
  return { workspace, npmCache, store, context, lock };
}

function fill(folder: string, text: string) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'entry'), text);
}

describe('dependencies mode with the directory store', () => {
  it('misses, saves in post, hits, and restores the newest entry by prefix after a lock change', async () => {
    const { npmCache, store, context, lock } = setup();
    const first = fakeRuntime({ store });
    await cacheStep(first.runtime, context);
    expect(first.record.outputs['cache-hit']).toBe('false');
    expect(first.record.outputs.ecosystems).toBe('["npm"]');
    fill(npmCache, 'one');
    await cachePostStep(first.runtime, context);
    expect(first.record.logger.lines.some((l) => /saved ccm-deps-/.test(l.message))).toBe(true);

    rmSync(npmCache, { recursive: true });
    const second = fakeRuntime({ store });
    await cacheStep(second.runtime, context);
    expect(second.record.outputs['cache-hit']).toBe('true');
    expect(readFileSync(join(npmCache, 'entry'), 'utf8')).toBe('one');
    await cachePostStep(second.runtime, context);
    expect(second.record.logger.lines.some((l) => /exact key .* was restored/.test(l.message))).toBe(true);

    lock('2.0.0');
    rmSync(npmCache, { recursive: true });
    const third = fakeRuntime({ store });
    await cacheStep(third.runtime, context);
    expect(third.record.outputs['cache-hit']).toBe('false');
    expect(third.record.outputs['matched-key']).toBe(first.record.outputs.key);
    expect(third.record.outputs.key).not.toBe(first.record.outputs.key);
    expect(readFileSync(join(npmCache, 'entry'), 'utf8')).toBe('one');
  });

  it('takes a user key and paths as actions/cache does, and requires path with key', async () => {
    const { workspace, store, context } = setup();
    fill(join(workspace, 'build-cache'), 'built');
    // A folder the job did not create is left out, and the entry still restores with the same path list.
    const save = fakeRuntime({ store, key: 'my-key-1', path: 'build-cache\nnot-created' });
    await cacheSaveStep(save.runtime, context);
    rmSync(join(workspace, 'build-cache'), { recursive: true });
    const restore = fakeRuntime({
      store,
      key: 'my-key-2',
      'restore-keys': 'my-key-',
      path: 'build-cache\nnot-created',
    });
    await cacheStep(restore.runtime, context);
    expect(restore.record.outputs['matched-key']).toBe('my-key-1');
    expect(readFileSync(join(workspace, 'build-cache', 'entry'), 'utf8')).toBe('built');
    await expect(cacheStep(fakeRuntime({ store, key: 'k' }).runtime, context)).rejects.toThrow(
      /input path: is required/,
    );
  });
});

describe('dependencies mode: the restore size limit and ask-tools', () => {
  it('refuses, writing nothing, an entry larger than max-restore-size-mb, naming the limit and the entry', async () => {
    const { workspace, store, context } = setup();
    mkdirSync(join(workspace, 'big'));
    writeFileSync(join(workspace, 'big', 'zeros'), Buffer.alloc(2 * 1024 * 1024));
    await cacheSaveStep(fakeRuntime({ store, key: 'big-1', path: 'big' }).runtime, context);
    rmSync(join(workspace, 'big'), { recursive: true });
    const restore = fakeRuntime({ store, key: 'big-1', path: 'big', 'max-restore-size-mb': '1' });
    await expect(cacheStep(restore.runtime, context)).rejects.toThrow(
      /refused entry '0\/big\/zeros': the restore would write more than the size limit of 1 MiB \(max-restore-size-mb\); nothing was restored/,
    );
    expect(existsSync(join(workspace, 'big'))).toBe(false);
    const roomy = fakeRuntime({ store, key: 'big-1', path: 'big', 'max-restore-size-mb': '3' });
    await cacheStep(roomy.runtime, context);
    expect(readFileSync(join(workspace, 'big', 'zeros')).length).toBe(2 * 1024 * 1024);
  });

  it('ask-tools: false runs no package manager: a planted npm on PATH never runs', async () => {
    const { store, context } = setup();
    // An `npm` the checkout could have put first on PATH (or configured, as yarnPath does): it leaves a marker.
    const bin = temp('ccm-flow-bin-');
    const marker = join(bin, 'npm-ran');
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\ntouch '${marker}'\necho 11.0.0\n`, { mode: 0o755 });
    const env = { ...context.env, PATH: `${bin}:${context.env.PATH ?? ''}` };
    const quiet = fakeRuntime({ store, 'ask-tools': 'false' });
    await cacheStep(quiet.runtime, { ...context, env });
    expect(quiet.record.outputs.ecosystems).toBe('["npm"]');
    expect(existsSync(marker)).toBe(false);
    // The test can fail: by default the step asks npm, and the planted one runs.
    await cacheStep(fakeRuntime({ store }).runtime, { ...context, env });
    expect(existsSync(marker)).toBe(true);
  });
});

describe('test-results mode with the directory store', () => {
  const junit = (failures: number) =>
    `<?xml version="1.0"?><testsuites><testsuite name="unit" tests="2" failures="${failures}"><testcase name="adds" classname="unit"/><testcase name="subtracts" classname="unit">${failures ? '<failure message="boom"/>' : ''}</testcase></testsuite></testsuites>`;

  it('skips an unchanged suite, restores its results, runs again after a change, and never records a failure', async () => {
    const { workspace, store, context } = setup();
    mkdirSync(join(workspace, 'src'));
    writeFileSync(join(workspace, 'src', 'add.js'), 'export const add = (a, b) => a + b;\n');
    const suite = {
      store,
      mode: 'test-results',
      suite: 'unit',
      inputs: 'src/**',
      command: 'node --test',
      results: 'junit.xml',
    };

    const check = async () => {
      const run = fakeRuntime(suite);
      await cacheStep(run.runtime, context);
      return run.record;
    };
    expect((await check()).outputs.skip).toBe('false');

    writeFileSync(join(workspace, 'junit.xml'), junit(1));
    await expect(cacheStep(fakeRuntime({ ...suite, record: 'true' }).runtime, context)).rejects.toThrow(
      /1 failed test\(s\) \(subtracts\): a failing run is never recorded/,
    );
    expect((await check()).outputs.skip).toBe('false');

    writeFileSync(join(workspace, 'junit.xml'), junit(0));
    await cacheStep(fakeRuntime({ ...suite, record: 'true' }).runtime, context);
    rmSync(join(workspace, 'junit.xml'));
    const skipped = await check();
    expect(skipped.outputs.skip).toBe('true');
    expect(readFileSync(join(workspace, 'junit.xml'), 'utf8')).toBe(junit(0));
    expect(skipped.summary).toContain('unit skipped');
    expect(existsSync(join(workspace, '.ccm'))).toBe(false);

    writeFileSync(join(workspace, 'src', 'add.js'), 'export const add = (a, b) => b + a;\n');
    const changed = await check();
    expect(changed.outputs.skip).toBe('false');
    expect(changed.outputs.fingerprint).not.toBe(skipped.outputs.fingerprint);
    expect(changed.summary).toContain('src/add.js');
  });

  it('records what the check step of the same job fingerprinted, so the record step need not repeat the inputs', async () => {
    const { workspace, store, context } = setup();
    writeFileSync(join(workspace, 'a.js'), 'export const a = 1;\n');
    const check = fakeRuntime({ store, mode: 'test-results', suite: 'unit', inputs: 'a.js', command: 'npm test' });
    await cacheStep(check.runtime, context);
    const job = { ...context, env: { ...context.env, ...check.record.exported } };
    // The record step names only the suite: the check step's fingerprint is in the job's variables.
    const record = fakeRuntime({ store, mode: 'test-results', suite: 'unit', record: 'true' });
    await cacheStep(record.runtime, job);
    expect(record.record.outputs.fingerprint).toBe(check.record.outputs.fingerprint);
    const again = fakeRuntime({ store, mode: 'test-results', suite: 'unit', inputs: 'a.js', command: 'npm test' });
    await cacheStep(again.runtime, context);
    expect(again.record.outputs.skip).toBe('true');
  });

  it('names the missing inputs', async () => {
    const { store, context } = setup();
    await expect(cacheStep(fakeRuntime({ store, mode: 'test-results' }).runtime, context)).rejects.toThrow(
      /input suite: is required/,
    );
    await expect(
      cacheStep(fakeRuntime({ store, mode: 'test-results', suite: 'unit' }).runtime, context),
    ).rejects.toThrow(/input inputs: is required/);
  });
});

describe('promote mode with the directory store', () => {
  it('stores once by digest and fetches verified bytes', async () => {
    const { workspace, store, context } = setup();
    writeFileSync(join(workspace, 'app.tgz'), 'the build\n');
    const put = fakeRuntime({ store, mode: 'promote', artifact: 'app.tgz' });
    await cacheStep(put.runtime, context);
    const digest = put.record.outputs.digest as string;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const get = fakeRuntime({ store, mode: 'promote', artifact: 'deploy/app.tgz', digest });
    await cacheStep(get.runtime, context);
    expect(readFileSync(join(workspace, 'deploy', 'app.tgz'), 'utf8')).toBe('the build\n');
    await expect(
      cacheStep(fakeRuntime({ store, mode: 'promote', artifact: 'x', digest: 'sha256:123' }).runtime, context),
    ).rejects.toThrow(/input digest/);
    const otherRun = { mode: 'promote', artifact: 'x', digest, 'run-id': '7' };
    await expect(cacheStep(fakeRuntime({ store, ...otherRun }).runtime, context)).rejects.toThrow(
      /input github-token: is required with run-id/,
    );
    await expect(
      cacheStep(fakeRuntime({ store, ...otherRun, 'github-token': 't' }).runtime, {
        ...context,
        env: { GITHUB_REPOSITORY: 'o/r' },
      }),
    ).rejects.toThrow(/input run-id: applies to the github store only/);
  });
});
