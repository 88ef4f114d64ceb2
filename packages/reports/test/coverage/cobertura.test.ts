import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cobertura } from '../../src/coverage/cobertura';
import { CoverageMap } from '../../src/coverage/coverage-map';
import { normaliseSourcePath } from '../../src/paths';
import { readHead } from '../../src/source';
import { readXmlRoot } from '../../src/xml';
import { fixture, mapOf, records, tempDir, writeTemp } from './helpers';

describe('Cobertura XML', () => {
  it('is detected by its <coverage line-rate> root', async () => {
    const root = readXmlRoot((await readHead(fixture('cobertura-istanbul.xml'))).text);
    expect(root && cobertura.matchXmlRoot?.(root)).toBe(true);
    expect(cobertura.matchXmlRoot?.({ name: 'coverage', attributes: { generated: '1' } })).toBe(false);
  });

  it('reads each class lines once, not the <methods> lines, resolving filenames against <sources>', async () => {
    const out = await records(cobertura, fixture('cobertura-istanbul.xml'), '/repo');
    expect(out.map((r) => r.path)).toEqual(['/repo/src/a.ts', '/repo/src/c.ts']);
    expect(out[0]?.lines).toEqual([
      [1, 2],
      [2, 0],
      [3, 1],
    ]);
    // Line 2 is listed twice; the higher count wins. Method line 9 is not a class line.
    expect(out[1]?.lines).toEqual([
      [1, 4],
      [2, 4],
      [4, 0],
    ]);
    const map = await mapOf(cobertura, fixture('cobertura-istanbul.xml'), '/repo');
    expect(map.totals()).toMatchObject({ covered: 4, total: 6 });
  });

  it('keeps the filename as written when no absolute source lies inside the root', async () => {
    const out = await records(cobertura, fixture('cobertura-istanbul.xml'), '/elsewhere');
    expect(out.map((r) => r.path)).toEqual(['src/a.ts', 'src/c.ts']);
  });

  it('makes paths from a report written in a subfolder relative to the workspace root', async () => {
    const root = tempDir('cobertura');
    mkdirSync(join(root, 'backend', 'pkg'), { recursive: true });
    writeFileSync(join(root, 'backend', 'app.py'), '');
    const xml = (await import('node:fs')).readFileSync(fixture('cobertura-coveragepy.xml'), 'utf8');
    const file = writeTemp(root, 'coverage.xml', xml.replace('/ROOT', root));
    const map = new CoverageMap((path) => normaliseSourcePath(path, root));
    await mapOf(cobertura, file, root, map);
    expect([...map].map((f) => f.path).sort()).toEqual(['backend/app.py', 'backend/pkg/util.py']);
    expect(map.totals()).toMatchObject({ covered: 5, total: 7 });
  });

  it('prefers the source where the file exists', async () => {
    const root = tempDir('cobertura-sources');
    mkdirSync(join(root, 'b'), { recursive: true });
    writeFileSync(join(root, 'b', 'x.py'), '');
    const file = writeTemp(
      root,
      'c.xml',
      `<coverage line-rate="1"><sources><source>${root}/a</source><source>${root}/b</source></sources>` +
        '<packages><package name="."><classes><class name="x" filename="x.py"><lines><line number="1" hits="1"/></lines></class></classes></package></packages></coverage>',
    );
    expect((await records(cobertura, file, root)).map((r) => r.path)).toEqual([join(root, 'b', 'x.py')]);
  });
});
