import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { packArchive, unpackArchive } from '../../src/store/archive';
import { snapshot, writeTree } from './contract';
import { hostileArchive, type RawEntry } from './hostile-tar';

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

      expect(await unpackArchive(archive, compression, home)).toEqual([folder, file]);
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
    await unpackArchive(archive, 'gzip', root);
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
    await unpackArchive(archive, 'gzip', root);
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
        { path: '0/deps/sub/up', type: 'SymbolicLink', linkpath: '..' },
        { path: '0/deps/esc', type: 'SymbolicLink', linkpath: 'sub/up/..' },
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

      const refused = unpackArchive(archive, 'gzip', join(root, 'home'));
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
    await expect(unpackArchive(archive, 'gzip', root)).rejects.toThrow(`${archive}: not a ccm cache archive`);
  });
});
