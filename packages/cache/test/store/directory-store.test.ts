import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../src/store';
import { describeCacheStoreContract, snapshot, writeTree } from './contract';
import { hostileArchive } from './hostile-tar';

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
    await mkdir(join(storeRoot, 'entries'), { recursive: true });
    const archive = join(storeRoot, 'entries', 'planted.tar.gz');
    await writeFile(
      archive,
      await hostileArchive(target, [{ path: '0/deps/../../outside/pwned.txt', type: 'File', body: 'x' }]),
    );
    await writeFile(
      join(storeRoot, 'entries', 'planted.json'),
      JSON.stringify({
        key: 'planted',
        created: '',
        order: 1,
        size: 1,
        paths: [target],
        archive: 'planted.tar.gz',
        compression: 'gzip',
      }),
    );
    await expect(store.restore({ paths: [target], key: 'x', restoreKeys: ['plant'] })).rejects.toThrow(
      `${archive}: refused entry '0/deps/../../outside/pwned.txt'`,
    );
    await expect(readdir(outside)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readdir(target)).rejects.toMatchObject({ code: 'ENOENT' });
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
