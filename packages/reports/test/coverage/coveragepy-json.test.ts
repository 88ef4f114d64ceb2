import { describe, expect, it } from 'vitest';
import { coveragePyJson } from '../../src/coverage/coveragepy-json';
import { readJson } from '../../src/source';
import { fixture, mapOf, records } from './helpers';

describe('coverage.py JSON', () => {
  it('is detected by meta.version and files', async () => {
    expect(coveragePyJson.matchJson?.(await readJson(fixture('coveragepy.json'), 1e6))).toBe(true);
    expect(coveragePyJson.matchJson?.({ files: {} })).toBe(false);
  });

  it('counts executed lines as hit and missing ones as not, excluded ones not at all', async () => {
    const out = await records(coveragePyJson, fixture('coveragepy.json'));
    expect(out[0]).toEqual({
      path: 'app.py',
      lines: [
        [7, 0],
        [8, 0],
        [1, 1],
        [2, 1],
        [4, 1],
        [5, 1],
      ],
    });
    const document = (await readJson(fixture('coveragepy.json'), 1e6)) as { totals: { percent_covered: number } };
    const totals = (await mapOf(coveragePyJson, fixture('coveragepy.json'))).totals();
    expect(totals).toMatchObject({ covered: 7, total: 9 });
    expect(totals.percent).toBeCloseTo(document.totals.percent_covered, 10);
  });
});
