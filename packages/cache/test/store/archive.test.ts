import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Header } from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { packArchive, unpackArchive } from '../../src/store/archive';
import { snapshot, writeTree } from './contract';
import { archiveCases, TEST_MAX_BYTES, treeState } from './hostile-archives';
import { hostileArchive, manifestEntry, type RawEntry, rawArchive } from './hostile-tar';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function scratch() {
  const root = await mkdtemp(join(tmpdir(), 'ccm-archive-'));
  roots.push(root);
  return root;
}

describe('packArchive and unpackArchive', () => {
  for (const compression of ['gzip', 'zstd'] as const) {
    it(`round-trips folders and a file to their own paths (${compression})`, async () => {
      const root = await scratch();
      const home = join(root, 'home');
      const folder = join(home, '.cache', 'tool');
      const file = join(root, 'work', 'single.txt');
      await writeTree([folder], 'one');
      await mkdir(join(root, 'work'));
      await writeFile(file, 'single');
      const before = await snapshot([folder]);

      const archive = join(root, `cache${compression}`);
      const packed = await packArchive([folder, join(root, 'missing'), file], archive, compression, home);
      expect(packed).toMatchObject({ packed: [folder, file], missing: [join(root, 'missing')] });
      await rm(folder, { recursive: true });
      await rm(file);

      expect(await unpackArchive(archive, compression, { paths: [folder, file], home })).toEqual([folder, file]);
      expect(await snapshot([folder])).toEqual(before);
      expect(await readdir(join(root, 'work'))).toEqual(['single.txt']);
    });
  }

  it('leaves out symlinks that point outside their path (a restore would refuse them), and says so', async () => {
    const root = await scratch();
    const folder = join(root, 'node_modules');
    await writeTree([folder], 'one');
    await symlink(join('..', 'packages', 'lib'), join(folder, 'workspace-link'));
    await symlink(join(root, 'elsewhere'), join(folder, 'absolute-link'));
    const archive = join(root, 'a.tar.gz');
    const packed = await packArchive([folder], archive, 'gzip', root);
    expect(packed.skippedLinks.sort()).toEqual([join(folder, 'absolute-link'), join(folder, 'workspace-link')]);
    const before = await snapshot([folder]);
    await rm(folder, { recursive: true });
    await unpackArchive(archive, 'gzip', { paths: [folder], home: root });
    const after = await snapshot([folder]);
    expect(after).toEqual(Object.fromEntries(Object.entries(before).filter(([path]) => !path.endsWith('-link'))));
    expect(after['0:link.txt']).toBe('symlink -> nested/deeper/data.txt');
  });

  it('archives a path that is itself a symlink as the folder it points to', async () => {
    const root = await scratch();
    await writeTree([join(root, 'real')], 'one');
    await symlink(join(root, 'real'), join(root, 'alias'));
    const archive = join(root, 'a.tar.gz');
    await packArchive([join(root, 'alias')], archive, 'gzip', root);
    await rm(join(root, 'alias'));
    await unpackArchive(archive, 'gzip', { paths: [join(root, 'alias')], home: root });
    expect(await snapshot([join(root, 'alias')])).toEqual(await snapshot([join(root, 'real')]));
  });
});

describe('unpackArchive refuses hostile archives before writing anything', () => {
  const cases: [string, (outside: string) => RawEntry[], string][] = [
    ['a path with ..', () => [{ path: '0/deps/../../outside/x.txt', type: 'File', body: 'x' }], "'..' in path"],
    ['a path starting with ..', () => [{ path: '../outside/x.txt', type: 'File', body: 'x' }], "'..' in path"],
    ['an absolute path', (outside) => [{ path: `${outside}/x.txt`, type: 'File', body: 'x' }], 'absolute path'],
    [
      'a symlink pointing out (absolute)',
      (outside) => [{ path: '0/deps/out', type: 'SymbolicLink', linkpath: outside }],
      'absolute or empty target',
    ],
    [
      'a symlink pointing out (relative)',
      () => [{ path: '0/deps/out', type: 'SymbolicLink', linkpath: '../../outside' }],
      'resolves outside its member root',
    ],
    [
      'a symlink chain that climbs out through another symlink',
      () => [
        { path: '0/deps/sub', type: 'Directory' },
        { path: '0/deps/sub/in', type: 'SymbolicLink', linkpath: '../other' },
        { path: '0/deps/esc', type: 'SymbolicLink', linkpath: 'sub/in/../..' },
      ],
      'resolves outside its member root',
    ],
    [
      'a hard link pointing out',
      () => [{ path: '0/deps/h', type: 'Link', linkpath: '../outside/x.txt' }],
      "'..' in path",
    ],
    [
      'a hard link to an absolute path',
      (outside) => [{ path: '0/deps/h', type: 'Link', linkpath: `${outside}/x.txt` }],
      'absolute path',
    ],
    [
      'a symlink then a file written through it',
      () => [
        { path: '0/deps/sub', type: 'Directory' },
        { path: '0/deps/link', type: 'SymbolicLink', linkpath: 'sub' },
        { path: '0/deps/link/x.txt', type: 'File', body: 'x' },
      ],
      "written through the symlink '0/deps/link'",
    ],
    ['an entry outside the manifest', () => [{ path: '7/deps/x.txt', type: 'File', body: 'x' }], 'not under a member'],
    ['another top-level name', () => [{ path: '0/other/x.txt', type: 'File', body: 'x' }], 'not under a member'],
    ['a FIFO', () => [{ path: '0/deps/fifo', type: 'FIFO' }], 'unsupported entry type FIFO'],
  ];

  for (const [name, entries, reason] of cases) {
    it(name, async () => {
      const root = await scratch();
      const outside = join(root, 'outside');
      const target = join(root, 'target', 'deps');
      const archive = join(root, 'hostile.tar.gz');
      const hostile = entries(outside);
      await writeFile(
        archive,
        await hostileArchive(target, [{ path: '0/deps/ok.txt', type: 'File', body: 'ok' }, ...hostile]),
      );

      const refused = unpackArchive(archive, 'gzip', { paths: [target], home: join(root, 'home') });
      const culprit = hostile.at(-1)?.path ?? '';
      await expect(refused).rejects.toThrow(`${archive}: refused entry '${culprit}': `);
      await expect(refused).rejects.toThrow(reason);
      // Nothing at all was written: not outside, not even the harmless entry inside the target.
      expect(await readdir(root)).toEqual(['hostile.tar.gz']);
    });
  }

  it('refuses an archive without a manifest', async () => {
    const root = await scratch();
    const archive = join(root, 'plain.tar.gz');
    const header = new Header({ path: '0/deps/x.txt', type: 'File', size: 0, mode: 0o644, mtime: new Date(0) });
    header.encode();
    await writeFile(archive, gzipSync(Buffer.concat([header.block as Buffer, Buffer.alloc(1024)])));
    await expect(unpackArchive(archive, 'gzip', { paths: [join(root, 'deps')], home: root })).rejects.toThrow(
      `${archive}: not a ccm cache archive`,
    );
  });
});

describe('unpackArchive writes only where the step asked (generated hostile archives)', () => {
  it('refuses every hostile case writing nothing at all, and restores the rest only under the target', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(archiveCases, async (generated) => {
        const root = await scratch();
        const places = { target: join(root, 'ws', 'deps'), home: join(root, 'home'), outside: join(root, 'outside') };
        const archive = join(root, 'case.tar.gz');
        await writeFile(archive, rawArchive(generated.entries(places)));
        const before = await treeState(root);
        const restore = unpackArchive(archive, 'gzip', {
          paths: [places.target],
          home: places.home,
          maxBytes: TEST_MAX_BYTES,
        });
        seen.set(generated.kind, (seen.get(generated.kind) ?? 0) + 1);
        if (generated.outcome === 'refuse') {
          await expect(restore, generated.kind).rejects.toThrow(
            /refused entry .*nothing was restored|not a ccm cache archive/,
          );
          expect(await treeState(root), generated.kind).toEqual(before);
          return;
        }
        await restore;
        const after = await treeState(root);
        for (const [path, state] of Object.entries(after)) {
          if (before[path] !== undefined) continue;
          expect(path === 'ws' || path === join('ws', 'deps') || path.startsWith(`${join('ws', 'deps')}/`), path).toBe(
            true,
          );
          // No privilege survives a restore: setuid, setgid and sticky bits are dropped.
          expect(Number.parseInt(state.split(' ')[1] ?? '0', 8) & 0o7000, path).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
    // The family really is a family: every kind of case was generated.
    expect(seen.size).toBeGreaterThanOrEqual(15);
  }, 120_000);
});

describe('unpackArchive: the manifest cannot choose where a restore writes', () => {
  it('refuses a manifest naming ~/.ssh when the step asked for node_modules', async () => {
    const root = await scratch();
    const home = join(root, 'home');
    const target = join(root, 'ws', 'node_modules');
    const archive = join(root, 'planted.tar.gz');
    await writeFile(
      archive,
      rawArchive([
        manifestEntry([{ root: '0', path: '~/.ssh', base: '.ssh' }]),
        { path: '0/.ssh/authorized_keys', type: 'File', body: 'ssh-ed25519 AAAA attacker' },
      ]),
    );
    await expect(unpackArchive(archive, 'gzip', { paths: [target], home })).rejects.toThrow(
      `${archive}: refused entry 'ccm-manifest.json': member 0 names '~/.ssh', which this restore did not ask for; nothing was restored`,
    );
    expect(await readdir(root)).toEqual(['planted.tar.gz']);
  });

  it('refuses a second manifest, wherever it is', async () => {
    const root = await scratch();
    const target = join(root, 'ws', 'deps');
    const archive = join(root, 'two.tar.gz');
    await writeFile(
      archive,
      rawArchive([
        manifestEntry([{ root: '0', path: target, base: 'deps' }]),
        { path: '0/deps/a', type: 'File', body: 'a' },
        manifestEntry([{ root: '0', path: '~/deps', base: 'deps' }]),
      ]),
    );
    await expect(unpackArchive(archive, 'gzip', { paths: [target], home: root })).rejects.toThrow(
      "refused entry 'ccm-manifest.json': a second ccm-manifest.json",
    );
  });

  it('refuses a symlink to . (the member root would point at its parent)', async () => {
    const root = await scratch();
    const target = join(root, 'ws', 'deps');
    const archive = join(root, 'dot.tar.gz');
    await writeFile(
      archive,
      await hostileArchive(target, [
        { path: '0/deps/', type: 'Directory' },
        { path: '0/deps/self', type: 'SymbolicLink', linkpath: '.' },
      ]),
    );
    await expect(unpackArchive(archive, 'gzip', { paths: [target], home: root })).rejects.toThrow(
      "refused entry '0/deps/self': symlink to '.' points at a folder that contains it (a loop)",
    );
  });

  it('names the size limit and the entry that passed it', async () => {
    const root = await scratch();
    const target = join(root, 'ws', 'deps');
    const archive = join(root, 'bomb.tar.gz');
    await writeFile(
      archive,
      await hostileArchive(target, [{ path: '0/deps/zeros', type: 'File', body: Buffer.alloc(2 * 1024 * 1024) }]),
    );
    expect((await stat(archive)).size).toBeLessThan(16 * 1024);
    await expect(
      unpackArchive(archive, 'gzip', { paths: [target], home: root, maxBytes: 1024 * 1024 }),
    ).rejects.toThrow(
      `${archive}: refused entry '0/deps/zeros': the restore would write more than the size limit of 1 MiB (max-restore-size-mb); nothing was restored`,
    );
    expect(await readdir(root)).toEqual(['bomb.tar.gz']);
  });

  it('drops setuid, setgid and sticky bits', async () => {
    const root = await scratch();
    const target = join(root, 'ws', 'deps');
    const archive = join(root, 'suid.tar.gz');
    await writeFile(
      archive,
      await hostileArchive(target, [
        { path: '0/deps/', type: 'Directory', mode: 0o3775 },
        { path: '0/deps/run', type: 'File', body: '#!/bin/sh\n', mode: 0o6755 },
      ]),
    );
    await unpackArchive(archive, 'gzip', { paths: [target], home: root });
    expect((await stat(join(target, 'run'))).mode & 0o7777).toBe(0o755);
    expect((await stat(target)).mode & 0o7000).toBe(0);
  });
});
