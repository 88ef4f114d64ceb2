import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../harness/run-action';
import { type ArtifactService, startArtifactService } from '../support/artifact-service';
import { type Azurite, startAzurite } from '../support/azurite';
import { type CacheService, startCacheService } from '../support/cache-service';

const actionDir = fileURLToPath(new URL('../../actions/cache', import.meta.url));
/** A run of the action with a job token, as every runner job has one (the github-token default). */
const runCache = (options: Parameters<typeof runAction>[0]) => runAction({ token: 'ghs_job_token', ...options });

let azurite: Azurite;
let service: CacheService;
let artifacts: ArtifactService;

beforeAll(async () => {
  azurite = await startAzurite();
  service = await startCacheService({ azurite });
  artifacts = await startArtifactService({ azurite });
});
afterAll(async () => {
  await artifacts?.stop();
  await service?.stop();
  await azurite?.stop();
});

/**
 * A workspace with an npm project (a lock as npm 11 writes it for a package without dependencies)
 * and npm's cache pointed at a folder of the test's own, so the cache holds nothing of this machine's.
 */
function npmProject(name: string) {
  const workspace = mkdtempSync(join(tmpdir(), 'ccm-cache-e2e-'));
  const npmCache = join(workspace, '..', `${name}-npm-cache-${process.pid}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(join(workspace, 'package.json'), JSON.stringify({ name, version: '1.0.0' }, null, 2));
  writeLock(workspace, name, '1.0.0');
  return { workspace, npmCache };
}

function writeLock(workspace: string, name: string, version: string) {
  const lock = { name, version, lockfileVersion: 3, requires: true, packages: { '': { name, version } } };
  writeFileSync(join(workspace, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
}

/** What `npm ci` would leave in its cache folder. */
function fillCache(npmCache: string, text: string) {
  mkdirSync(join(npmCache, '_cacache', 'index-v5'), { recursive: true });
  writeFileSync(join(npmCache, '_cacache', 'index-v5', 'entry'), text);
}

const cacheEntry = (npmCache: string) => readFileSync(join(npmCache, '_cacache', 'index-v5', 'entry'), 'utf8');

function run(
  project: { workspace: string; npmCache: string },
  options: Omit<Parameters<typeof runAction>[0], 'actionDir'> = {},
) {
  return runCache({
    actionDir,
    workspace: project.workspace,
    ...options,
    env: { ...service.env, npm_config_cache: project.npmCache, ...options.env },
    timeoutMs: 120_000,
  });
}

const creates = () => service.requests.filter((r) => r.rpc === 'CreateCacheEntry').length;

describe('cache action, dependencies mode, through the real @actions/cache client (v2 Twirp + Azurite)', () => {
  it('misses and saves in post, then hits exactly without saving again', async () => {
    const project = npmProject('hit-and-miss');
    const first = await run(project, { afterMain: () => fillCache(project.npmCache, 'first') });
    expect(first.exitCode).toBe(0);
    expect(first.outputs['cache-hit']).toBe('false');
    expect(first.outputs['matched-key']).toBe('');
    expect(JSON.parse(first.outputs.ecosystems as string)).toEqual(['npm']);
    const key = first.outputs.key as string;
    expect(key).toMatch(/^ccm-deps-linux-x64-npm-[0-9a-f]{64}$/);
    expect(first.post?.exitCode).toBe(0);
    expect(first.post?.log).toMatch(/saved ccm-deps-/);
    expect(service.entries().find((e) => e.key === key)?.finalized).toBe(true);

    rmSync(project.npmCache, { recursive: true, force: true });
    const before = creates();
    const second = await run(project);
    expect(second.outputs['cache-hit']).toBe('true');
    expect(second.outputs['matched-key']).toBe(key);
    expect(cacheEntry(project.npmCache)).toBe('first');
    expect(second.post?.log).toMatch(/exact key .* was restored/);
    expect(creates()).toBe(before);
    expect(second.summary).toContain('cache: dependencies hit');
  });

  it('restores the newest entry by restore key after a lock change, then saves the new key', async () => {
    const project = npmProject('restore-key');
    await run(project, { afterMain: () => fillCache(project.npmCache, 'v1') });
    writeLock(project.workspace, 'restore-key', '1.0.1');
    rmSync(project.npmCache, { recursive: true, force: true });
    const changed = await run(project, { afterMain: () => fillCache(project.npmCache, 'v2') });
    expect(changed.outputs['cache-hit']).toBe('false');
    expect(changed.outputs['matched-key']).not.toBe('');
    expect(changed.outputs['matched-key']).not.toBe(changed.outputs.key);
    expect(changed.post?.log).toMatch(/saved ccm-deps-/);
    expect(service.entries().some((e) => e.key === changed.outputs.key && e.finalized)).toBe(true);
  });

  it('does not save after a failed job unless save-on-failure is set', async () => {
    const project = npmProject('failed-job');
    const plain = await run(project, { failBeforePost: true, afterMain: () => fillCache(project.npmCache, 'x') });
    expect(plain.post).toBeUndefined();
    expect(service.entries().some((e) => e.key === plain.outputs.key)).toBe(false);

    const saving = await run(project, {
      failBeforePost: true,
      inputs: { 'save-on-failure': 'true' },
      afterMain: () => fillCache(project.npmCache, 'x'),
    });
    expect(saving.env.CCM_CACHE_SAVE_ON_FAILURE).toBe('true');
    expect(saving.post?.log).toMatch(/saved ccm-deps-/);
    expect(service.entries().some((e) => e.key === saving.outputs.key && e.finalized)).toBe(true);
  });

  it('never saves when read-only, which is the default on pull requests from forks', async () => {
    const project = npmProject('read-only');
    const fork = await run(project, {
      event: {
        name: 'pull_request',
        payload: {
          pull_request: {
            number: 7,
            base: { ref: 'main', repo: { full_name: 'ccm-test/sample' } },
            head: { repo: { full_name: 'someone/sample' } },
          },
        },
      },
      afterMain: () => fillCache(project.npmCache, 'fork'),
    });
    expect(fork.post?.log).toMatch(/read-only/);
    const explicit = await run(project, {
      inputs: { 'read-only': 'true' },
      afterMain: () => fillCache(project.npmCache, 'fork'),
    });
    expect(explicit.post?.log).toMatch(/read-only/);
    expect(service.entries().some((e) => e.key === fork.outputs.key)).toBe(false);
  });

  it('reports a failed save with its reason: a warning, or the step failure with strict', async () => {
    const project = npmProject('failing-save');
    service.failNext('FinalizeCacheEntryUpload', 400);
    const warned = await run(project, { afterMain: () => fillCache(project.npmCache, 'y') });
    expect(warned.post?.exitCode).toBe(0);
    // One warning, ours, naming the key and the reason; the client's own is a plain log line.
    expect(warned.post?.annotations).toHaveLength(1);
    expect(
      warned.post?.annotations.some((a) => a.level === 'warning' && /save of ccm-deps-.* failed/.test(a.message)),
    ).toBe(true);

    // A new key: the failed upload above still holds its reservation, as the service's does.
    const strictProject = npmProject('failing-save-strict');
    service.failNext('FinalizeCacheEntryUpload', 400);
    const strict = await run(strictProject, {
      inputs: { strict: 'true' },
      afterMain: () => fillCache(strictProject.npmCache, 'y'),
    });
    expect(strict.post?.conclusion).toBe('failure');
    expect(strict.post?.annotations.some((a) => a.level === 'error' && /strict/.test(a.message))).toBe(true);
  });
});

const junit = (failures: number) =>
  `<?xml version="1.0"?>\n<testsuites><testsuite name="unit" tests="1" failures="${failures}"><testcase classname="unit" name="adds">${failures ? '<failure message="expected 3"/>' : ''}</testcase></testsuite></testsuites>\n`;

describe('cache action, test-results mode, through the real @actions/cache client', () => {
  it('runs a new suite, skips it after a recorded pass with its results restored, runs it again after a change', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ccm-suite-e2e-'));
    mkdirSync(join(workspace, 'src'));
    writeFileSync(join(workspace, 'src', 'add.js'), 'export const add = (a, b) => a + b;\n');
    // The check step declares the results a record may restore, as the record step does.
    const suite = {
      mode: 'test-results',
      suite: 'unit',
      inputs: 'src/**',
      command: 'node --test',
      results: 'junit.xml',
    };
    const step = (inputs: Record<string, string> = {}) =>
      runCache({ actionDir, workspace, inputs: { ...suite, ...inputs }, env: service.env, timeoutMs: 120_000 });

    const first = await step();
    expect(first.outputs.skip).toBe('false');
    expect(first.summary).toContain('No passing run recorded yet');

    writeFileSync(join(workspace, 'junit.xml'), junit(1));
    const failed = await step({ record: 'true' });
    expect(failed.conclusion).toBe('failure');
    expect(failed.annotations.some((a) => /a failing run is never recorded/.test(a.message))).toBe(true);

    writeFileSync(join(workspace, 'junit.xml'), junit(0));
    const recorded = await step({ record: 'true' });
    expect(recorded.exitCode).toBe(0);
    expect(recorded.outputs.fingerprint).toBe(first.outputs.fingerprint);

    rmSync(join(workspace, 'junit.xml'));
    const skipped = await step();
    expect(skipped.outputs.skip).toBe('true');
    expect(readFileSync(join(workspace, 'junit.xml'), 'utf8')).toBe(junit(0));

    writeFileSync(join(workspace, 'src', 'add.js'), 'export const add = (a, b) => b + a;\n');
    const changed = await step();
    expect(changed.outputs.skip).toBe('false');
    expect(changed.summary).toMatch(/src\/add\.js/);
  });
});

describe('cache action, promote mode, through the real @actions/artifact client', () => {
  it('stores a build once by digest, fetches it verified in a later job, and refuses a tampered store', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ccm-promote-e2e-'));
    writeFileSync(join(workspace, 'app.tgz'), 'the bytes that were built and tested\n');
    const step = (inputs: Record<string, string>) =>
      runCache({
        actionDir,
        workspace,
        inputs: { mode: 'promote', ...inputs },
        env: artifacts.env,
        timeoutMs: 120_000,
      });
    const stored = await step({ artifact: 'app.tgz' });
    expect(stored.exitCode).toBe(0);
    const digest = stored.outputs.digest as string;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await step({ artifact: 'app.tgz' })).log).toMatch(/already in/);

    const fetched = await step({ artifact: 'deploy/app.tgz', digest });
    expect(fetched.exitCode).toBe(0);
    expect(readFileSync(join(workspace, 'deploy', 'app.tgz'), 'utf8')).toBe('the bytes that were built and tested\n');

    await artifacts.overwrite(artifacts.runBackendId, `ccm-promote-sha256-${digest.slice(7)}`, Buffer.from('evil\n'));
    const tampered = await step({ artifact: 'elsewhere/app.tgz', digest });
    expect(tampered.conclusion).toBe('failure');
    expect(tampered.annotations.some((a) => a.level === 'error' && a.message.includes(digest))).toBe(true);
    expect(existsSync(join(workspace, 'elsewhere', 'app.tgz'))).toBe(false);
  });

  it('fetches from the run that promoted it, named by run-id, with a token that reads it', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ccm-promote-runs-'));
    writeFileSync(join(workspace, 'app.tgz'), 'built in the release run\n');
    const stored = await runCache({
      actionDir,
      workspace,
      inputs: { mode: 'promote', artifact: 'app.tgz' },
      env: artifacts.env,
      repository: artifacts.repository,
      timeoutMs: 120_000,
    });
    const digest = stored.outputs.digest as string;
    const later = artifacts.createRun();
    const fetch = (inputs: Record<string, string>) =>
      runCache({
        actionDir,
        workspace,
        inputs: { mode: 'promote', artifact: 'deploy/app.tgz', digest, ...inputs },
        env: later.env,
        repository: artifacts.repository,
        token: artifacts.apiToken,
        timeoutMs: 120_000,
      });
    // Artifacts belong to a run: the later run does not have it on its own.
    const own = await fetch({});
    expect(own.conclusion).toBe('failure');
    expect(own.annotations.some((a) => /no artifact with digest/.test(a.message))).toBe(true);

    const named = await fetch({ 'run-id': String(artifacts.runId) });
    expect(named.exitCode).toBe(0);
    expect(readFileSync(join(workspace, 'deploy', 'app.tgz'), 'utf8')).toBe('built in the release run\n');
    expect(named.log).not.toContain(artifacts.apiToken);
  });
});
