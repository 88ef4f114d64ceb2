import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CoverageMap } from '../src/coverage/coverage-map';
import { lcov } from '../src/coverage/lcov';
import { readHead } from '../src/source';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/coverage/${name}`, import.meta.url));

describe('lcov', () => {
  it('reads DA records per file', async () => {
    const file = fixture('small.lcov');
    const map = new CoverageMap();
    await lcov.parse({ file, root: process.cwd(), head: await readHead(file), sink: (record) => map.add(record) });
    expect(map.size).toBe(2);
    expect(map.totals()).toMatchObject({ covered: 3, total: 5 });
    expect([...(map.get('src/a.ts')?.coveredLines ?? [])]).toEqual([1, 2]);
  });
});
