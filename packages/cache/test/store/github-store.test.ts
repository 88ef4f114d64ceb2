import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../../../test/support/azurite';
import { type CacheService, startCacheService } from '../../../../test/support/cache-service';
import { type ActionsCacheClient, GitHubCacheStore } from '../../src/store';
import { describeCacheStoreContract, type StoreFixture, writeTree } from './contract';

// The real @actions/cache client against the Twirp service double and a real Azurite (test/support).

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

/** A job: its own service, workspace, fake home, and the runner's variables set until cleanup. */
async function job(): Promise<StoreFixture & { service: CacheService }> {
  const service = await startCacheService({ azurite });
  const root = await mkdtemp(join(tmpdir(), 'ccm-github-store-'));
  const workspace = join(root, 'workspace');
  const home = join(root, 'home');
  await mkdir(workspace, { recursive: true });
  await mkdir(home, { recursive: true });
  await mkdir(join(root, 'temp'));
  const env = { ...service.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: join(root, 'temp') };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  return {
    service,
    store: new GitHubCacheStore(),
    workspace,
    home,
    async cleanup() {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await service.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

describeCacheStoreContract('GitHubCacheStore', job);

describe('GitHubCacheStore with the real client: failures carry their reason', () => {
  let fixture: Awaited<ReturnType<typeof job>>;
  afterEach(async () => {
    await fixture.cleanup();
  });

  it('reports a failed finalize as a failed save, not an existing key', async () => {
    fixture = await job();
    const paths = [join(fixture.workspace, 'deps')];
    await writeTree(paths, 'one');
    fixture.service.failNext('FinalizeCacheEntryUpload', 400);
    const result = await fixture.store.save({ paths, key: 'finalize-fails' });
    expect(result).toMatchObject({ saved: false, exists: false });
    expect(result.saved === false && result.reason).toMatch(/Failed to save: .*FinalizeCacheEntryUpload.*\(400\)/);
  });

  it('reports a failed lookup as a miss with its reason', async () => {
    fixture = await job();
    const paths = [join(fixture.workspace, 'deps')];
    fixture.service.failNext('GetCacheEntryDownloadURL', 400);
    const result = await fixture.store.restore({ paths, key: 'lookup-fails', restoreKeys: [] });
    expect(result.matchedKey).toBeUndefined();
    expect('reason' in result && result.reason).toMatch(/Failed to restore: .*GetCacheEntryDownloadURL.*\(400\)/);
  });
});

/** A client double that logs what @actions/cache logs (through stdout, as @actions/core does). */
function fakeClient(options: {
  available?: boolean;
  log?: string[];
  save?: () => Promise<number>;
  restore?: ActionsCacheClient['restoreCache'];
}): ActionsCacheClient {
  const log = () => {
    for (const line of options.log ?? []) process.stdout.write(`${line}\n`);
  };
  return {
    isFeatureAvailable: () => options.available ?? true,
    async saveCache() {
      log();
      return options.save ? options.save() : -1;
    },
    async restoreCache(...args) {
      log();
      return options.restore ? options.restore(...args) : undefined;
    },
  };
}

describe('GitHubCacheStore outcome mapping', () => {
  const request = { paths: ['/cache'], key: 'k1' };

  it('says why when the cache service is not available', async () => {
    const store = new GitHubCacheStore(fakeClient({ available: false }));
    expect(await store.save(request)).toMatchObject({
      saved: false,
      exists: false,
      reason: expect.stringMatching(/cache service is not available: ACTIONS_(RESULTS|CACHE)_URL is not set/),
    });
    expect(await store.restore({ ...request, restoreKeys: [] })).toMatchObject({
      matchedKey: undefined,
      reason: expect.stringContaining('not available'),
    });
  });

  it('maps a 409 reservation to an existing key, with the detail', async () => {
    const store = new GitHubCacheStore(
      fakeClient({
        log: [
          '::debug::Failed to reserve cache: Error: Failed to CreateCacheEntry: Received non-retryable error: Failed request: (409) Conflict: cache entry with the same key, version, and scope already exists',
          'Failed to save: Unable to reserve cache with key k1, another job may be creating this cache.',
        ],
      }),
    );
    expect(await store.save(request)).toEqual({
      saved: false,
      exists: true,
      reason:
        'Failed to save: Unable to reserve cache with key k1, another job may be creating this cache. (Failed to CreateCacheEntry: Received non-retryable error: Failed request: (409) Conflict: cache entry with the same key, version, and scope already exists)',
    });
  });

  it('does not call a reservation that failed in transport an existing key', async () => {
    const store = new GitHubCacheStore(
      fakeClient({
        log: [
          '::debug::Failed to reserve cache: Error: Failed to CreateCacheEntry: Failed to make request after 5 attempts: Failed request: (502) Bad Gateway',
          'Failed to save: Unable to reserve cache with key k1, another job may be creating this cache.',
        ],
      }),
    );
    expect(await store.save(request)).toMatchObject({
      saved: false,
      exists: false,
      reason: expect.stringContaining('(502)'),
    });
  });

  it('does not call a write denied by policy an existing key', async () => {
    const store = new GitHubCacheStore(
      fakeClient({
        log: [
          '::warning::Failed to save: Unable to reserve cache with key k1. More details: cache write denied: read-only token',
        ],
      }),
    );
    expect(await store.save(request)).toMatchObject({
      saved: false,
      exists: false,
      reason: expect.stringContaining('cache write denied'),
    });
  });

  it('keeps the reason of a finalize failure (a bare warning), escaped characters restored', async () => {
    const store = new GitHubCacheStore(fakeClient({ log: ['::warning::Finalize failed: 100%25 of%0Aquota'] }));
    expect(await store.save(request)).toEqual({
      saved: false,
      exists: false,
      reason: 'Finalize failed: 100% of\nquota',
    });
  });

  it('reports a save skipped by the runner cache mode', async () => {
    const store = new GitHubCacheStore(
      fakeClient({ log: ["Cache save skipped: the effective cache-mode 'read' does not permit writes."] }),
    );
    expect(await store.save(request)).toMatchObject({
      saved: false,
      exists: false,
      reason: expect.stringContaining("cache-mode 'read'"),
    });
  });

  it('never returns a failure without a reason', async () => {
    expect(await new GitHubCacheStore(fakeClient({})).save(request)).toEqual({
      saved: false,
      exists: false,
      reason: 'saveCache returned -1 and logged no reason',
    });
  });

  it('turns a thrown validation error into a reason', async () => {
    const store = new GitHubCacheStore(
      fakeClient({
        save: async () => {
          throw new Error('Key Validation Error: a,b cannot contain commas.');
        },
      }),
    );
    expect(await store.save(request)).toEqual({
      saved: false,
      exists: false,
      reason: 'Key Validation Error: a,b cannot contain commas.',
    });
  });

  it('reads the archive size of a successful save from the debug log', async () => {
    const store = new GitHubCacheStore(fakeClient({ log: ['::debug::File Size: 4242'], save: async () => 7 }));
    expect(await store.save(request)).toEqual({ saved: true, bytes: 4242 });
  });

  it('passes lookupOnly and the timeout, and reports a failed restore as a miss with its reason', async () => {
    const calls: unknown[] = [];
    const store = new GitHubCacheStore(
      fakeClient({
        log: ['::warning::Failed to restore: Unable to make request: ECONNRESET'],
        restore: async (...args) => {
          calls.push(args);
          return undefined;
        },
      }),
    );
    const result = await store.restore({ ...request, restoreKeys: ['k'], lookupOnly: true, timeoutMs: 60_000 });
    expect(result).toEqual({ matchedKey: undefined, reason: 'Failed to restore: Unable to make request: ECONNRESET' });
    expect(calls).toEqual([[['/cache'], 'k1', ['k'], { lookupOnly: true, segmentTimeoutInMs: 60_000 }]]);
  });
});
