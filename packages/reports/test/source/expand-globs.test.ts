import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { expandGlobs } from '../../src/load';
import { tempDir } from '../coverage/helpers';

const root = tempDir('expand-globs');
mkdirSync(join(root, 'out', '.hidden'), { recursive: true });
mkdirSync(join(root, 'dir.info'));
for (const name of ['lcov.info', 'out/a.xml', 'out/.hidden/b.xml', 'out/c d.xml']) writeFileSync(join(root, name), 'x');
symlinkSync(join(root, 'lcov.info'), join(root, 'link.info'));

/** What tinyglobby alone returns for the pattern, as expandGlobs calls it; undefined for no match. */
async function viaGlob(pattern: string): Promise<string[] | undefined> {
  const files = await glob(pattern, {
    cwd: root,
    absolute: true,
    onlyFiles: true,
    dot: true,
    ignore: [],
    expandDirectories: false,
  });
  return files.length === 0 ? undefined : files.sort();
}

async function viaExpand(pattern: string): Promise<string[] | undefined> {
  try {
    return await expandGlobs([pattern], { root });
  } catch (error) {
    expect(String(error)).toMatch(/matched no file/);
    return undefined;
  }
}

describe('expandGlobs on a pattern without glob syntax (read with one stat)', () => {
  it.each([
    'lcov.info',
    './lcov.info',
    'out/a.xml',
    'out/.hidden/b.xml',
    'out/c d.xml',
    'out/../lcov.info',
    'link.info',
    'dir.info',
    'missing.info',
    'out',
    join(root, 'out', 'a.xml'),
    join(root, 'missing.xml'),
    'out/*.xml',
    '**/b.xml',
  ])('%s: the same files as the glob', async (pattern) => {
    expect(await viaExpand(pattern)).toEqual(await viaGlob(pattern));
  });

  it('leaves patterns to the glob when a negative pattern is given: an ignored file is no match', async () => {
    await expect(expandGlobs(['out/a.xml', '!out/a.xml'], { root })).rejects.toThrow(/'out\/a.xml' matched no file/);
    expect(await expandGlobs(['out/*.xml', '!out/a.xml'], { root })).toEqual([join(root, 'out', 'c d.xml')]);
  });
});
