import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/detect';
import { loadCoverage } from '../../src/load';
import { fixture, tempDir } from './helpers';

/** Copies fixtures into a workspace, pointing their `/repo` paths at it. */
function workspace(names: string[]): string {
  const root = tempDir('coverage-merge');
  for (const name of names) {
    writeFileSync(join(root, name), readFileSync(fixture(name), 'utf8').replaceAll('/repo', root));
  }
  return root;
}

describe('detection', () => {
  it.each([
    ['small.lcov', 'lcov'],
    ['cobertura-istanbul.xml', 'cobertura'],
    ['cobertura-coveragepy.xml', 'cobertura'],
    ['jacoco.xml', 'jacoco'],
    ['clover-istanbul.xml', 'clover'],
    ['clover-php.xml', 'clover'],
    ['clover-openclover.xml', 'clover'],
    ['coverage-summary.json', 'istanbul-summary'],
    ['coverage-final.json', 'istanbul-final'],
    ['coveragepy.json', 'coveragepy-json'],
    ['go-cover.out', 'go-cover'],
  ])('%s is read as %s, by content alone', async (name, id) => {
    const root = tempDir('coverage-detect');
    const file = join(root, 'report'); // no telling extension
    copyFileSync(fixture(name), file);
    expect((await detectFormat(file, 'coverage')).format.id).toBe(id);
  });
});

describe('merging across formats', () => {
  it('counts a file named by lcov, Cobertura and Clover once; a line covered in any is covered', async () => {
    const root = workspace(['small.lcov', 'cobertura-istanbul.xml', 'clover-istanbul.xml']);
    const { coverage, files } = await loadCoverage(['*.lcov', '*.xml'], { root });
    expect(files.map((f) => f.format).sort()).toEqual(['clover', 'cobertura', 'lcov']);
    expect([...coverage].map((f) => f.path).sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
    // src/a.ts: lcov covers 1,2 (misses 3); Cobertura covers 1,3 (misses 2); Clover adds 4 (hit) and 6 (missed).
    const a = coverage.get('src/a.ts');
    expect([...(a?.lines ?? [])]).toEqual([1, 2, 3, 4, 6]);
    expect([...(a?.coveredLines ?? [])]).toEqual([1, 2, 3, 4]);
    // a 4/5, b 1/2 (lcov), c 2/3 (Cobertura).
    expect(coverage.totals()).toMatchObject({ covered: 7, total: 10 });
  });

  it('gives a per-line report precedence over a summary of the same file', async () => {
    const root = workspace(['coverage-summary.json', 'clover-istanbul.xml']);
    const { coverage } = await loadCoverage(['*.json', '*.xml'], { root });
    // src/a.ts has lines from Clover (3/5), which win over its summary (5/6); src/b.ts has only its summary (2/4).
    expect(coverage.totals()).toMatchObject({ covered: 5, total: 9 });
  });
});
