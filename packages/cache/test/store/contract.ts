import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore } from '../../src/store';

/** A store under test with a working directory and a fake home folder outside it. */
export interface StoreFixture {
  store: CacheStore;
  workspace: string;
  home: string;
  cleanup(): Promise<void>;
}

/** The shared behaviour every CacheStore adapter must show (actions/cache semantics). */
export function describeCacheStoreContract(name: string, create: () => Promise<StoreFixture>): void {
  describe(`${name}: CacheStore contract`, () => {
    let fixture: StoreFixture;
    beforeEach(async () => {
      fixture = await create();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    const paths = () => [join(fixture.workspace, 'deps'), join(fixture.home, '.cache', 'tool')];

    it('misses an unknown key without a failure reason', async () => {
      await writeTree(paths(), 'one');
      const result = await fixture.store.restore({
        paths: paths(),
        key: 'contract-unknown',
        restoreKeys: ['nothing-'],
      });
      expect(result).toEqual({ matchedKey: undefined });
    });

    it('saves and restores the exact key with the same files, folders, symlinks and modes', async () => {
      await writeTree(paths(), 'one');
      const before = await snapshot(paths());
      const saved = await fixture.store.save({ paths: paths(), key: 'contract-exact' });
      expect(saved).toMatchObject({ saved: true });
      expect(saved.saved && saved.bytes).toBeGreaterThan(0);

      for (const path of paths()) await rm(path, { recursive: true, force: true });
      const restored = await fixture.store.restore({ paths: paths(), key: 'contract-exact', restoreKeys: [] });
      expect(restored).toEqual({ matchedKey: 'contract-exact', exact: true });
      expect(await snapshot(paths())).toEqual(before);
    });

    it('restores the newest entry matching a restore-key prefix', async () => {
      for (const seed of ['a', 'b']) {
        await writeTree(paths(), seed);
        expect(await fixture.store.save({ paths: paths(), key: `contract-prefix-${seed}` })).toMatchObject({
          saved: true,
        });
      }
      const newest = await snapshot(paths());
      await writeTree(paths(), 'c');
      const restored = await fixture.store.restore({
        paths: paths(),
        key: 'contract-prefix-c',
        restoreKeys: ['contract-nothing-', 'contract-prefix-'],
      });
      expect(restored).toEqual({ matchedKey: 'contract-prefix-b', exact: false });
      expect(await snapshot(paths())).toEqual(newest);
    });

    it('keeps keys immutable: a second save of a key reports exists and changes nothing', async () => {
      await writeTree(paths(), 'first');
      const first = await snapshot(paths());
      expect(await fixture.store.save({ paths: paths(), key: 'contract-immutable' })).toMatchObject({ saved: true });
      await writeTree(paths(), 'second');
      const again = await fixture.store.save({ paths: paths(), key: 'contract-immutable' });
      expect(again).toMatchObject({ saved: false, exists: true });
      expect(again.saved === false && again.reason).toContain('contract-immutable');

      await fixture.store.restore({ paths: paths(), key: 'contract-immutable', restoreKeys: [] });
      expect(await snapshot(paths())).toEqual(first);
    });

    it('looks a key up without downloading it', async () => {
      await writeTree(paths(), 'one');
      await fixture.store.save({ paths: paths(), key: 'contract-lookup' });
      for (const path of paths()) await rm(path, { recursive: true, force: true });
      const result = await fixture.store.restore({
        paths: paths(),
        key: 'contract-lookup-2',
        restoreKeys: ['contract-lookup'],
        lookupOnly: true,
      });
      expect(result).toEqual({ matchedKey: 'contract-lookup', exact: false });
      for (const path of paths()) await expect(lstat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('misses when the entry was saved for other paths', async () => {
      await writeTree(paths(), 'one');
      await fixture.store.save({ paths: paths(), key: 'contract-paths' });
      const other = [join(fixture.workspace, 'deps')];
      expect(await fixture.store.restore({ paths: other, key: 'contract-paths', restoreKeys: [] })).toEqual({
        matchedKey: undefined,
      });
    });

    it('refuses to save when none of the paths exist, with a reason', async () => {
      const result = await fixture.store.save({ paths: [join(fixture.workspace, 'absent')], key: 'contract-none' });
      expect(result).toMatchObject({ saved: false, exists: false });
      expect(result.saved === false && result.reason).toMatch(/exist/);
    });
  });
}

/**
 * Writes a tree under each path: nested folders, an empty folder, an executable, a symlink inside
 * the tree, content that depends on `seed`. Earlier content is removed first.
 */
export async function writeTree(paths: string[], seed: string): Promise<void> {
  for (const path of paths) {
    await rm(path, { recursive: true, force: true });
    await mkdir(join(path, 'nested', 'deeper'), { recursive: true });
    await mkdir(join(path, 'empty'), { recursive: true });
    await writeFile(join(path, 'nested', 'deeper', 'data.txt'), `${seed}\n`.repeat(100));
    await writeFile(join(path, 'bin.sh'), `#!/bin/sh\necho ${seed}\n`);
    await chmod(join(path, 'bin.sh'), 0o755);
    await writeFile(join(path, 'readonly.txt'), seed);
    await chmod(join(path, 'readonly.txt'), 0o444);
    await symlink(join('nested', 'deeper', 'data.txt'), join(path, 'link.txt'));
  }
}

/** Every entry under the paths: type, file mode and content digest, or symlink target. */
export async function snapshot(paths: string[]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [index, root] of paths.entries()) {
    for (const name of await readdir(root, { recursive: true })) {
      const path = join(root, name);
      const stats = await lstat(path);
      const label = `${index}:${relative(root, path)}`;
      if (stats.isSymbolicLink()) result[label] = `symlink -> ${await readlink(path)}`;
      else if (stats.isDirectory()) result[label] = 'folder';
      else {
        const digest = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
        result[label] = `file ${(stats.mode & 0o777).toString(8)} ${digest}`;
      }
    }
  }
  return result;
}
