import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goCover } from '../../src/coverage/go-cover';
import { importPathToFile, modulePath } from '../../src/coverage/go-modules';
import { readHead } from '../../src/source';
import { fixture, mapOf, records, tempDir } from './helpers';

function workspace(): string {
  const root = tempDir('go-modules');
  writeFileSync(join(root, 'go.mod'), 'module example.com/shop // the shop\n\ngo 1.19\n');
  mkdirSync(join(root, 'api'));
  writeFileSync(join(root, 'api', 'go.mod'), '// nested module\nmodule "example.com/shop/api/v2"\n\ngo 1.19\n');
  return root;
}

describe('Go cover profile', () => {
  it('is detected by its mode line', async () => {
    expect(goCover.matchText?.((await readHead(fixture('go-cover.out'))).text)).toBe(true);
    expect(goCover.matchText?.('mode: fast\nx.go:1.1,2.2 1 1\n')).toBe(false);
  });

  it('maps import paths to workspace files through the go.mod files, longest module first', async () => {
    const out = await records(goCover, fixture('go-cover.out'), workspace());
    expect(out.map((r) => r.path)).toEqual(['cart/cart.go', 'api/handler.go', 'cart/cart.go', 'other.org/lib/x.go']);
    expect([...(out[0]?.blocks ?? [])][0]).toEqual({
      key: '3.22,4.11',
      startLine: 3,
      endLine: 4,
      statements: 1,
      hits: 5,
    });
  });

  it('counts statements, merging the same block from several runs', async () => {
    const map = await mapOf(goCover, fixture('go-cover.out'), workspace());
    expect(map.get('cart/cart.go')?.blocks.size).toBe(4);
    expect(map.totals()).toMatchObject({ covered: 7, total: 12 });
  });

  it('keeps import paths when no module matches', async () => {
    const out = await records(goCover, fixture('go-cover.out'), tempDir('go-none'));
    expect(out[0]?.path).toBe('example.com/shop/cart/cart.go');
  });

  it('reads module paths as go.mod writes them', () => {
    expect(modulePath('module example.com/m\n')).toBe('example.com/m');
    expect(modulePath('// c\nmodule "example.com/q" // note\n')).toBe('example.com/q');
    expect(modulePath('go 1.19\n')).toBeUndefined();
    expect(importPathToFile('example.com/mx/a.go', [{ path: 'example.com/m', dir: '' }])).toBe('example.com/mx/a.go');
  });
});
