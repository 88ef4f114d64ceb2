import { describe, expect, it } from 'vitest';
import { istanbulFinal } from '../../src/coverage/istanbul-final';
import { istanbulSummary } from '../../src/coverage/istanbul-summary';
import { readJson } from '../../src/source';
import { fixture, mapOf, records } from './helpers';

describe('Istanbul coverage-summary.json', () => {
  it('is detected by its total.lines entry', async () => {
    const document = await readJson(fixture('coverage-summary.json'), 1e6);
    expect(istanbulSummary.matchJson?.(document)).toBe(true);
    expect(istanbulFinal.matchJson?.(document)).toBe(false);
  });

  it('gives a summary record per file and skips total', async () => {
    const out = await records(istanbulSummary, fixture('coverage-summary.json'));
    expect(out).toEqual([
      { path: '/repo/src/a.ts', summary: { covered: 5, total: 6 } },
      { path: '/repo/src/b.ts', summary: { covered: 2, total: 4 } },
    ]);
    const map = await mapOf(istanbulSummary, fixture('coverage-summary.json'));
    expect(map.totals()).toMatchObject({ covered: 7, total: 10, percent: 70 });
  });
});

describe('Istanbul coverage-final.json', () => {
  it('is detected by its statementMap and s', async () => {
    const document = await readJson(fixture('coverage-final.json'), 1e6);
    expect(istanbulFinal.matchJson?.(document)).toBe(true);
    expect(istanbulSummary.matchJson?.(document)).toBe(false);
  });

  it('derives lines from statement starts, as istanbul-lib-coverage getLineCoverage() does', async () => {
    const out = await records(istanbulFinal, fixture('coverage-final.json'));
    expect(out).toEqual([
      {
        path: '/repo/src/a.js',
        // Statement 1 spans lines 2-4 but counts on line 2 only; line 5 holds a missed and a hit statement.
        lines: [
          [1, 1],
          [2, 1],
          [3, 0],
          [5, 2],
          [7, 0],
        ],
      },
      {
        path: '/repo/src/b.js',
        lines: [
          [1, 0],
          [2, 0],
        ],
      },
    ]);
    const map = await mapOf(istanbulFinal, fixture('coverage-final.json'));
    expect(map.totals()).toMatchObject({ covered: 3, total: 7 });
  });

  it('ignores a hit count with no statement, like istanbul, and unwraps a serialised FileCoverage', async () => {
    const { writeTemp, tempDir } = await import('./helpers');
    const dir = tempDir('istanbul');
    const file = writeTemp(
      dir,
      'coverage-final.json',
      JSON.stringify({
        'x.js': {
          data: {
            path: 'x.js',
            statementMap: { 0: { start: { line: 4, column: 0 }, end: { line: 4, column: 1 } } },
            s: { 0: 3, 9: 1 },
            fnMap: {},
            f: {},
            branchMap: {},
            b: {},
          },
        },
      }),
    );
    expect(await records(istanbulFinal, file)).toEqual([{ path: 'x.js', lines: [[4, 3]] }]);
  });
});
