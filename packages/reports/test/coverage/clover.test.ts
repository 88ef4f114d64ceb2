import { describe, expect, it } from 'vitest';
import { clover } from '../../src/coverage/clover';
import { readHead } from '../../src/source';
import { readXmlRoot } from '../../src/xml';
import { fixture, mapOf, records } from './helpers';

describe('Clover XML', () => {
  it('is detected by a <coverage clover|generated> root', async () => {
    for (const name of ['clover-istanbul.xml', 'clover-php.xml', 'clover-openclover.xml']) {
      const root = readXmlRoot((await readHead(fixture(name))).text);
      expect(root && clover.matchXmlRoot?.(root)).toBe(true);
    }
    expect(clover.matchXmlRoot?.({ name: 'coverage', attributes: { 'line-rate': '1', timestamp: '1' } })).toBe(false);
  });

  it('reads Istanbul stmt and cond lines by the file path', async () => {
    const out = await records(clover, fixture('clover-istanbul.xml'));
    expect(out).toEqual([
      {
        path: '/repo/src/a.ts',
        lines: [
          [1, 2],
          [2, 0],
          [3, 2],
          [4, 2],
          [6, 0],
        ],
      },
    ]);
  });

  it('skips PHPUnit method lines, so the total equals the statements metric', async () => {
    const map = await mapOf(clover, fixture('clover-php.xml'));
    expect(map.get('/repo/src/BankAccount.php')).toBeDefined();
    expect(map.totals()).toMatchObject({ covered: 5, total: 8 });
  });

  it('reads OpenClover cond lines by their true/false counts and skips <testproject>', async () => {
    const out = await records(clover, fixture('clover-openclover.xml'));
    expect(out).toEqual([
      {
        path: '/repo/src/main/java/com/example/Calc.java',
        lines: [
          [6, 3],
          [10, 1],
          [11, 1],
          [13, 0],
          [15, 0],
        ],
      },
    ]);
  });
});
