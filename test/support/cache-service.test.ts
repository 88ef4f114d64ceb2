import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as cache from '@actions/cache';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Azurite, startAzurite } from './azurite';
import { type CacheService, startCacheService } from './cache-service';

// The real @actions/cache client, in process, against the service double and a real Azurite.

let azurite: Azurite;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await azurite?.stop();
});

interface Job {
  service: CacheService;
  workspace: string;
  /**
   * Runs `fn` with the runner's variables set (the service's, or `jobEnv` for a job on another ref), as
   * a step would see them; returns its result and what it logged.
   */
  run<T>(fn: () => Promise<T>, jobEnv?: Record<string, string>): Promise<{ result: T; log: string }>;
}

async function job(options: { scope?: string; readScopes?: string[] } = {}): Promise<Job> {
  const service = await startCacheService({ azurite, ...options });
  const root = await mkdtemp(join(tmpdir(), 'ccm-cache-service-'));
  cleanups.push(async () => {
    await service.stop();
    await rm(root, { recursive: true, force: true });
  });
  const workspace = join(root, 'workspace');
  await mkdir(join(root, 'temp'), { recursive: true });
  await mkdir(workspace, { recursive: true });
  const runner = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: join(root, 'temp') };
  return {
    service,
    workspace,
    async run(fn, jobEnv = service.env) {
      const env = { ...jobEnv, ...runner };
      const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
      Object.assign(process.env, env);
      let log = '';
      // @actions/core logs (info, ::warning::, ::error::) by writing to stdout.
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        log += chunk.toString();
        return true;
      });
      try {
        return { result: await fn(), log };
      } finally {
        spy.mockRestore();
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    },
  };
}

/** A small dependency-like tree: nested folders, text and binary files. */
async function writeTree(folder: string, seed: string): Promise<void> {
  await mkdir(join(folder, 'pkg-a', 'lib'), { recursive: true });
  await mkdir(join(folder, 'pkg-b'), { recursive: true });
  await writeFile(join(folder, 'pkg-a', 'package.json'), JSON.stringify({ name: 'pkg-a', seed }));
  await writeFile(join(folder, 'pkg-a', 'lib', 'index.js'), `module.exports = ${JSON.stringify(seed)};\n`.repeat(200));
  await writeFile(
    join(folder, 'pkg-b', 'blob.bin'),
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)),
  );
}

async function readTree(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(folder, path)] = (await readFile(path)).toString('base64');
  }
  return files;
}

describe('cache service double with the real @actions/cache client', () => {
  it('saves a folder and restores the same content', async () => {
    const { service, workspace, run } = await job();
    const deps = join(workspace, 'deps');
    await writeTree(deps, 'one');
    const before = await readTree(deps);

    const saved = await run(() => cache.saveCache([deps], 'deps-linux-1'));
    expect(saved.result).toBeGreaterThan(0);
    expect(service.entries()).toEqual([
      expect.objectContaining({ key: 'deps-linux-1', scope: 'refs/heads/main', finalized: true }),
    ]);
    expect(service.entries()[0]?.sizeBytes).toBeGreaterThan(0);

    await rm(deps, { recursive: true });
    const restored = await run(() => cache.restoreCache([deps], 'deps-linux-1'));
    expect(restored.result).toBe('deps-linux-1');
    expect(restored.log).toContain('Cache hit for: deps-linux-1');
    expect(await readTree(deps)).toEqual(before);
    expect(service.requests.map((r) => r.rpc)).toEqual([
      'CreateCacheEntry',
      'FinalizeCacheEntryUpload',
      'GetCacheEntryDownloadURL',
    ]);
  });

  it('misses on an unknown key and on another version of the paths', async () => {
    const { service, workspace, run } = await job();
    const deps = join(workspace, 'deps');
    await writeTree(deps, 'one');
    await run(() => cache.saveCache([deps], 'deps-1'));

    expect((await run(() => cache.restoreCache([deps], 'other-1', ['other-']))).result).toBeUndefined();
    // The version hashes the path list: the same key saved for other paths is another entry.
    expect((await run(() => cache.restoreCache([deps, join(workspace, 'more')], 'deps-1'))).result).toBeUndefined();
    expect(service.requests.at(-2)?.body).toMatchObject({ key: 'other-1', restore_keys: ['other-'] });
  });

  it('prefers the exact key, else the newest entry matching a restore key', async () => {
    const { workspace, run } = await job();
    const deps = join(workspace, 'deps');
    for (const key of ['npm-a', 'npm-b', 'npm-c']) {
      await rm(deps, { recursive: true, force: true });
      await writeTree(deps, key);
      expect((await run(() => cache.saveCache([deps], key))).result).toBeGreaterThan(0);
    }

    await rm(deps, { recursive: true });
    expect((await run(() => cache.restoreCache([deps], 'npm-a', ['npm-']))).result).toBe('npm-a');
    expect(JSON.parse(await readFile(join(deps, 'pkg-a', 'package.json'), 'utf8'))).toMatchObject({ seed: 'npm-a' });

    await rm(deps, { recursive: true });
    const partial = await run(() => cache.restoreCache([deps], 'npm-z', ['nomatch-', 'npm-']));
    expect(partial.result).toBe('npm-c');
    expect(partial.log).toContain('Cache hit for restore-key: npm-c');
    expect(JSON.parse(await readFile(join(deps, 'pkg-a', 'package.json'), 'utf8'))).toMatchObject({ seed: 'npm-c' });
  });

  it('never overwrites an existing key', async () => {
    const { service, workspace, run } = await job();
    const deps = join(workspace, 'deps');
    await writeTree(deps, 'first');
    await run(() => cache.saveCache([deps], 'deps-1'));
    await rm(deps, { recursive: true });
    await writeTree(deps, 'second');

    const again = await run(() => cache.saveCache([deps], 'deps-1'));
    expect(again.result).toBe(-1);
    // The 409 becomes a ReserveCacheError, which @actions/cache logs as info, not as a warning.
    expect(again.log).toContain(
      'Failed to save: Unable to reserve cache with key deps-1, another job may be creating this cache.',
    );
    expect(again.log).not.toContain('::warning::');
    expect(service.entries()).toHaveLength(1);

    await rm(deps, { recursive: true });
    await run(() => cache.restoreCache([deps], 'deps-1'));
    expect(JSON.parse(await readFile(join(deps, 'pkg-a', 'package.json'), 'utf8'))).toMatchObject({ seed: 'first' });
  });

  it('reports a failed save when an RPC fails', async () => {
    const { service, workspace, run } = await job();
    const deps = join(workspace, 'deps');
    await writeTree(deps, 'one');

    service.failNext('FinalizeCacheEntryUpload', 400);
    const finalize = await run(() => cache.saveCache([deps], 'deps-1'));
    expect(finalize.result).toBe(-1);
    expect(finalize.log).toContain(
      '::warning::Failed to save: Failed to FinalizeCacheEntryUpload: Received non-retryable error: Failed request: (400) Bad Request: injected failure of FinalizeCacheEntryUpload',
    );
    expect(service.entries()).toEqual([expect.objectContaining({ key: 'deps-1', finalized: false })]);

    service.failNext('CreateCacheEntry', 403);
    const create = await run(() => cache.saveCache([deps], 'deps-2'));
    expect(create.result).toBe(-1);
    expect(create.log).toContain('Failed to save: Unable to reserve cache with key deps-2');
  });

  it('reports a failed restore as a warning and a miss', async () => {
    const { service, workspace, run } = await job();
    const deps = join(workspace, 'deps');
    await writeTree(deps, 'one');
    await run(() => cache.saveCache([deps], 'deps-1'));

    service.failNext('GetCacheEntryDownloadURL', 404);
    const restored = await run(() => cache.restoreCache([deps], 'deps-1'));
    expect(restored.result).toBeUndefined();
    expect(restored.log).toContain('::warning::Failed to restore: Failed to GetCacheEntryDownloadURL');
  });

  it('retries a 5xx answer, as the client does against GitHub', async () => {
    const { service, workspace, run } = await job();
    const deps = join(workspace, 'deps');
    await writeTree(deps, 'one');
    service.failNext('CreateCacheEntry', 503);

    const saved = await run(() => cache.saveCache([deps], 'deps-1'));
    expect(saved.result).toBeGreaterThan(0);
    expect(saved.log).toContain('Attempt 1 of 5 failed with error: Failed request: (503) Service Unavailable');
    expect(service.requests.map((r) => r.rpc)).toEqual([
      'CreateCacheEntry',
      'CreateCacheEntry',
      'FinalizeCacheEntryUpload',
    ]);
  });

  it('carries the cache scopes and backend ids in the runtime token, as the runner does', async () => {
    const { service } = await job({ scope: 'refs/pull/7/merge', readScopes: ['refs/heads/main'] });
    const claims = JSON.parse(
      Buffer.from(service.env.ACTIONS_RUNTIME_TOKEN?.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { scp: string; ac: string };
    expect(claims.scp).toMatch(/(^| )Actions\.Results:[0-9a-f-]{36}:[0-9a-f-]{36}( |$)/);
    expect(JSON.parse(claims.ac)).toEqual([
      { Scope: 'refs/pull/7/merge', Permission: 3 },
      { Scope: 'refs/heads/main', Permission: 1 },
    ]);
  });

  it("saves into the job's ref and restores from its own ref first, then the refs it may read", async () => {
    const { service, workspace, run } = await job();
    const main = service.envFor('refs/heads/main');
    const pr = service.envFor('refs/pull/7/merge', ['refs/heads/main']);
    const other = service.envFor('refs/pull/8/merge', ['refs/heads/main']);
    const deps = join(workspace, 'deps');
    const seedOf = async () =>
      (JSON.parse(await readFile(join(deps, 'pkg-a', 'package.json'), 'utf8')) as { seed: string }).seed;
    const saveAs = async (env: Record<string, string>, key: string, seed: string) => {
      await rm(deps, { recursive: true, force: true });
      await writeTree(deps, seed);
      expect((await run(() => cache.saveCache([deps], key), env)).result).toBeGreaterThan(0);
    };

    await saveAs(pr, 'deps-1', 'pr');
    await saveAs(main, 'deps-2', 'main');
    expect(service.entries().map((e) => [e.key, e.scope])).toEqual([
      ['deps-1', 'refs/pull/7/merge'],
      ['deps-2', 'refs/heads/main'],
    ]);

    // The PR's own entry wins over the newer one of its base branch.
    expect((await run(() => cache.restoreCache([deps], 'deps-x', ['deps-']), pr)).result).toBe('deps-1');
    expect(await seedOf()).toBe('pr');
    // The base branch's entry is readable from the PR...
    expect((await run(() => cache.restoreCache([deps], 'deps-2'), pr)).result).toBe('deps-2');
    expect(await seedOf()).toBe('main');
    // ...but a PR's entry is not readable from main or from another PR.
    expect((await run(() => cache.restoreCache([deps], 'deps-1'), main)).result).toBeUndefined();
    expect((await run(() => cache.restoreCache([deps], 'deps-1', ['deps-']), other)).result).toBe('deps-2');
  });

  it('refuses a request without the runtime token', async () => {
    const { service } = await job();
    const response = await fetch(
      `${service.env.ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"key":"k","version":"v"}' },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'unauthenticated', msg: 'invalid or missing bearer token' });
  });
});
