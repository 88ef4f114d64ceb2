import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCcm } from './run-cli';

/** An lcov tracefile written to geninfo(1)'s TRACEFILE FORMAT: a.ts has lines 1-4, 1 and 2 covered (50%). */
const LCOV = 'TN:\nSF:src/a.ts\nDA:1,3\nDA:2,1\nDA:3,0\nDA:4,0\nLF:4\nLH:2\nend_of_record\n';

async function ccm(...args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-program-'));
  writeFileSync(join(cwd, 'lcov.info'), LCOV);
  return runCcm(cwd, args);
}

describe('ccm quality-gate', () => {
  it('exits 0 on a passing gate, reading reports relative to the folder it runs in', async () => {
    const { code, out, err } = await ccm(
      'quality-gate',
      '--coverage',
      'lcov.info',
      '--min-coverage',
      '50',
      '--report-path',
      'r.json',
      '--quiet',
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^quality-gate: PASSED/);
  });

  it('exits 1 on a failing gate and prints JSON with --json', async () => {
    const { code, out } = await ccm(
      'quality-gate',
      '--coverage',
      'lcov.info',
      '--report-path',
      'r.json',
      '--json',
      '--quiet',
    );
    expect(code).toBe(1);
    expect(JSON.parse(out[0] as string)).toMatchObject({ name: 'quality-gate', passed: false });
  });

  it('exits 2 with the message alone on a configuration mistake', async () => {
    const { code, out, err } = await ccm('quality-gate', '--coverage', 'lcov.info', '--fail-on-severity', 'severe');
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      "ccm: input fail-on-severity: expected one of critical, high, medium, low, none, got 'severe'",
    ]);
  });
});
