import type { Random } from './random';
import { identifier, lineHits, moduleName, packageDir, WORKSPACE } from './source-tree';
import type { FileWriter } from './writer';

export interface CoverageTruth {
  files: number;
  lines: number;
  covered: number;
}

/**
 * An lcov tracefile as c8 writes it (istanbul-reports `lcovonly`): absolute SF paths, FN then FNF/FNH
 * then FNDA, a DA record for every source line (c8 maps V8 byte ranges onto all lines), LF/LH,
 * then BRDA/BRF/BRH. Every file appears once, so the totals are plain sums.
 */
export function writeLcov(out: FileWriter, random: Random, targetBytes: number): CoverageTruth {
  const truth: CoverageTruth = { files: 0, lines: 0, covered: 0 };
  let dir = '';
  while (out.bytes < targetBytes) {
    if (truth.files % 25 === 0) dir = `${WORKSPACE}/packages/${packageDir(random, truth.files / 25)}`;
    const count = random.skewed(140, 0.9, 5, 4000);
    const hits = lineHits(random, count);
    const parts = ['TN:', `SF:${dir}/${moduleName(random, truth.files)}.ts`];

    const wanted = Math.max(1, Math.round(count / random.int(8, 25)));
    const starts = [...new Set(Array.from({ length: wanted }, () => random.int(1, count)))].sort((a, b) => a - b);
    // Istanbul numbers anonymous functions in source order.
    const functions = new Map(
      starts.map((line, i) => [line, random.chance(0.3) ? `(anonymous_${i})` : `${identifier(random)}${line}`]),
    );
    for (const line of starts) parts.push(`FN:${line},${functions.get(line)}`);
    parts.push(`FNF:${starts.length}`, `FNH:${starts.filter((line) => (hits[line - 1] ?? 0) > 0).length}`);
    for (const line of starts) parts.push(`FNDA:${hits[line - 1]},${functions.get(line)}`);

    let covered = 0;
    for (let line = 1; line <= count; line++) {
      const h = hits[line - 1] ?? 0;
      if (h > 0) covered++;
      parts.push(`DA:${line},${h}`);
    }
    parts.push(`LF:${count}`, `LH:${covered}`);

    let branches = 0;
    let taken = 0;
    for (let line = 1, block = 0; line <= count; line += random.int(4, 16), block++) {
      const h = hits[line - 1] ?? 0;
      const first = h > 0 ? random.int(0, h) : 0;
      parts.push(`BRDA:${line},${block},0,${first}`, `BRDA:${line},${block},1,${h - first}`);
      branches += 2;
      taken += (first > 0 ? 1 : 0) + (h - first > 0 ? 1 : 0);
    }
    parts.push(`BRF:${branches}`, `BRH:${taken}`, 'end_of_record', '');
    out.write(parts.join('\n'));

    truth.files++;
    truth.lines += count;
    truth.covered += covered;
  }
  return truth;
}
