import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../src/store';
import { describeCacheStoreContract, snapshot, writeTree } from './contract';
import { archiveCases, TEST_MAX_BYTES, treeState } from './hostile-archives';
import { hostileArchive, rawArchive } from './hostile-tar';

const run = promisify(execFile);
const TSX = resolve(import.meta.dirname, '../../../../node_modules/.bin/tsx');
const SAVE_SCRIPT = join(import.meta.dirname, 'save-in-child.ts');

async function folders() {
  const root = await mkdtemp(join(tmpdir(), 'ccm-dir-store-'));
  const workspace = join(root, 'workspace');
  const home = join(root, 'home');
  await mkdir(workspace, { recursive: true });
  await mkdir(home, { recursive: true });
  return { root, workspace, home, storeRoot: join(root, 'store') };
}

describeCacheStoreContract('DirectoryStore', async () => {
  const { root, workspace, home, storeRoot } = await folders();
  return {
    store: new DirectoryStore(storeRoot, home),
    workspace,
    home,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe('DirectoryStore', () => {
  const cleanups: string[] = [];
  afterEach(async () => {
    for (const root of cleanups.splice(0)) await rm(root, { recursive: true, force: true });
  });
  async function setup() {
    const made = await folders();
    cleanups.push(made.root);
    return { ...made, store: new DirectoryStore(made.storeRoot, made.home) };
  }

  it('records home paths with ~ so an entry restores into another user home', async () => {
    const { root, storeRoot, home } = await setup();
    const paths = [join(home, '.npm')];
    await writeTree(paths, 'one');
    const before = await snapshot(paths);
    await new DirectoryStore(storeRoot, home).save({ paths, key: 'moves' });
    const entries = await readdir(join(storeRoot, 'entries'));
    const index = entries.find((name) => name.endsWith('.json')) ?? '';
    expect(JSON.parse(await readFile(join(storeRoot, 'entries', index), 'utf8'))).toMatchObject({
      key: 'moves',
      paths: ['~/.npm'],
    });

    const otherHome = join(root, 'other-home');
    const otherPaths = [join(otherHome, '.npm')];
    const restored = await new DirectoryStore(storeRoot, otherHome).restore({
      paths: otherPaths,
      key: 'moves',
      restoreKeys: [],
    });
    expect(restored).toEqual({ matchedKey: 'moves', exact: true });
    expect(await snapshot(otherPaths)).toEqual(before);
  });

  it('lets exactly one of several concurrent writers (processes and promises) save a key', async () => {
    const { store, storeRoot, workspace, home } = await setup();
    const writers = ['a', 'b', 'c', 'd'];
    for (const name of writers) await writeTree([join(workspace, name, 'deps')], name);
    const inChild = (name: string) =>
      run(TSX, [SAVE_SCRIPT, storeRoot, home, join(workspace, name, 'deps'), 'race'], { encoding: 'utf8' }).then(
        ({ stdout }) => JSON.parse(stdout) as { saved: boolean; exists?: boolean },
      );
    // A key is claimed whatever the paths: the writers race on the key alone.
    const shared = join(workspace, 'deps');
    await writeTree([shared], 'in-process');
    const results = await Promise.all([
      inChild('a'),
      inChild('b'),
      store.save({ paths: [shared], key: 'race' }),
      store.save({ paths: [shared], key: 'race' }),
    ]);
    expect(results.filter((result) => result.saved)).toHaveLength(1);
    expect(results.filter((result) => !result.saved && result.exists)).toHaveLength(3);

    const names = await readdir(join(storeRoot, 'entries'));
    expect(names.filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    expect(names.filter((name) => name.endsWith('.json'))).toHaveLength(1);
    expect(names.filter((name) => name.includes('.tar.'))).toHaveLength(1);
  });

  it('refuses a hostile entry file: the restore fails naming it, nothing is written', async () => {
    const { store, storeRoot, workspace, root } = await setup();
    const target = join(workspace, 'deps');
    const outside = join(root, 'outside');
    const planted = await plant(
      storeRoot,
      'planted',
      [target],
      await hostileArchive(target, [{ path: '0/deps/../../outside/pwned.txt', type: 'File', body: 'x' }]),
    );
    await expect(store.restore({ paths: [target], key: 'x', restoreKeys: ['plant'] })).rejects.toThrow(
      `${planted.archive}: refused entry '0/deps/../../outside/pwned.txt'`,
    );
    await expect(readdir(outside)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readdir(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses every generated hostile entry through restore, writing nothing; restores the rest only under the target', async () => {
    await fc.assert(
      fc.asyncProperty(archiveCases, async (generated) => {
        const { store, storeRoot, workspace, root, home } = await setup();
        const places = { target: join(workspace, 'deps'), home, outside: join(root, 'outside') };
        await plant(storeRoot, 'case', [places.target], rawArchive(generated.entries(places)));
        const before = await treeState(root);
        const restore = store.restore({
          paths: [places.target],
          key: 'case',
          restoreKeys: [],
          maxBytes: TEST_MAX_BYTES,
        });
        if (generated.outcome === 'refuse') {
          await expect(restore, generated.kind).rejects.toThrow(/refused entry|not a ccm cache archive/);
          expect(await treeState(root), generated.kind).toEqual(before);
          return;
        }
        expect(await restore).toMatchObject({ matchedKey: 'case' });
        const written = Object.keys(await treeState(root)).filter((path) => before[path] === undefined);
        expect(
          written.every((path) => path.startsWith(join('workspace', 'deps'))),
          written.join(', '),
        ).toBe(true);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('ignores an index whose archive is not a bare name beside it', async () => {
    const { store, storeRoot, workspace } = await setup();
    const target = join(workspace, 'deps');
    await plant(storeRoot, 'escape', [target], await hostileArchive(target, []), '../../elsewhere.tar.gz');
    expect(await store.restore({ paths: [target], key: 'escape', restoreKeys: [] })).toEqual({
      matchedKey: undefined,
    });
  });

  describe('with a store key', () => {
    const KEY = 'a-store-key-of-32-characters-xx';

    it('restores its own entries and refuses planted ones, naming them', async () => {
      const { storeRoot, workspace, home } = await setup();
      const keyed = new DirectoryStore(storeRoot, home, KEY);
      const paths = [join(workspace, 'deps')];
      await writeTree(paths, 'one');
      const before = await snapshot(paths);
      expect(await keyed.save({ paths, key: 'deps-old' })).toMatchObject({ saved: true });
      // Planted later, so newer: an unsigned entry and one signed with another key.
      await writeTree(paths, 'two');
      expect(await new DirectoryStore(storeRoot, home).save({ paths, key: 'deps-unsigned' })).toMatchObject({
        saved: true,
      });
      expect(
        await new DirectoryStore(storeRoot, home, 'another-key-of-32-characters-xx').save({ paths, key: 'deps-other' }),
      ).toMatchObject({
        saved: true,
      });
      await rm(paths[0] as string, { recursive: true });

      const exact = await keyed.restore({ paths, key: 'deps-unsigned', restoreKeys: [] });
      expect(exact).toMatchObject({ matchedKey: undefined });
      expect(exact.matchedKey === undefined && exact.reason).toMatch(
        /entries\/[0-9a-f]{64}\.json: entry "deps-unsigned" is not signed: it was not written with this store-key; refused/,
      );
      const other = await keyed.restore({ paths, key: 'deps-other', restoreKeys: [] });
      expect(other.matchedKey === undefined && other.reason).toMatch(
        /"deps-other" has a signature that does not match this store-key/,
      );

      // The prefix search passes over both and restores the older entry it signed, saying what it skipped.
      const prefix = await keyed.restore({ paths, key: 'deps-new', restoreKeys: ['deps-'] });
      expect(prefix).toMatchObject({ matchedKey: 'deps-old', exact: false });
      expect(prefix.matchedKey !== undefined && prefix.notes?.join('\n')).toMatch(
        /deps-other.*\n.*deps-unsigned|deps-unsigned.*\n.*deps-other/,
      );
      expect(await snapshot(paths)).toEqual(before);
    });

    it('refuses a signed entry whose archive was swapped, writing nothing', async () => {
      const { storeRoot, workspace, home } = await setup();
      const keyed = new DirectoryStore(storeRoot, home, KEY);
      const paths = [join(workspace, 'deps')];
      await writeTree(paths, 'one');
      await keyed.save({ paths, key: 'swapped' });
      await rm(paths[0] as string, { recursive: true });
      const archive = (await readdir(join(storeRoot, 'entries'))).find((name) => name.includes('.tar.')) ?? '';
      await writeFile(join(storeRoot, 'entries', archive), await hostileArchive(paths[0] as string, []));
      const result = await keyed.restore({ paths, key: 'swapped', restoreKeys: [] });
      expect(result.matchedKey === undefined && result.reason).toMatch(
        /the archive of swapped does not match its index/,
      );
      await expect(readdir(paths[0] as string)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('has a fingerprint key: the store key, else a secret of its own kept in the folder', async () => {
      const { storeRoot, home } = await setup();
      expect(await new DirectoryStore(storeRoot, home, KEY).fingerprintKey()).toBe(KEY);
      const own = await new DirectoryStore(storeRoot, home).fingerprintKey();
      expect(own).toMatch(/^[0-9a-f]{64}$/);
      expect(await new DirectoryStore(storeRoot, home).fingerprintKey()).toBe(own);
    });
  });

  it('saves what exists of a path list and restores it', async () => {
    const { store, workspace } = await setup();
    const present = join(workspace, 'present');
    const paths = [present, join(workspace, 'absent')];
    await writeTree([present], 'one');
    expect(await store.save({ paths, key: 'partial' })).toMatchObject({ saved: true });
    await rm(present, { recursive: true });
    expect(await store.restore({ paths, key: 'partial', restoreKeys: [] })).toEqual({
      matchedKey: 'partial',
      exact: true,
    });
    expect(Object.keys(await snapshot([present])).length).toBeGreaterThan(0);
  });
});

/** An entry written straight into the store's folder, as anyone who can write it could: no signature. */
async function plant(storeRoot: string, key: string, paths: string[], archive: Buffer, name?: string) {
  const entries = join(storeRoot, 'entries');
  await mkdir(entries, { recursive: true });
  const hash = createHash('sha256').update(key).digest('hex');
  const archiveName = name ?? `${hash}-${randomBytes(6).toString('hex')}.tar.gz`;
  if (!name) await writeFile(join(entries, archiveName), archive);
  const index = { key, created: '', order: 1, size: archive.length, paths, archive: archiveName, compression: 'gzip' };
  await writeFile(join(entries, `${hash}.json`), JSON.stringify(index));
  return { archive: join(entries, archiveName) };
}
