import { describe, expect, it } from 'vitest';
import { jacoco } from '../../src/coverage/jacoco';
import { readHead } from '../../src/source';
import { readXmlRoot } from '../../src/xml';
import { fixture, mapOf, records } from './helpers';

describe('JaCoCo XML', () => {
  it('is detected by its <report name> root after the DOCTYPE', async () => {
    const root = readXmlRoot((await readHead(fixture('jacoco.xml'))).text);
    expect(root?.name).toBe('report');
    expect(root && jacoco.matchXmlRoot?.(root)).toBe(true);
  });

  it('emits package/sourcefile paths with executable (mi+ci>0) lines, covered when ci>0', async () => {
    const out = await records(jacoco, fixture('jacoco.xml'));
    expect(out).toEqual([
      {
        path: 'com/example/Calc.java',
        lines: [
          [3, 3],
          [4, 4],
          [7, 2],
          [8, 0],
        ],
      },
      // The default package has an empty name: the path is the file name alone.
      { path: 'Main.java', lines: [[1, 0]] },
    ]);
    // The totals equal the report's own LINE counter (missed 2, covered 3).
    expect((await mapOf(jacoco, fixture('jacoco.xml'))).totals()).toMatchObject({ covered: 3, total: 5 });
  });
});
