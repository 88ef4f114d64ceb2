import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/program';
import { runCcm } from './run-cli';

/** geninfo(1)'s TRACEFILE FORMAT: a.ts has lines 1-4, 1 and 2 covered (50%). */
const LCOV = 'TN:\nSF:src/a.ts\nDA:1,3\nDA:2,1\nDA:3,0\nDA:4,0\nLF:4\nLH:2\nend_of_record\n';
const signing = fileURLToPath(new URL('../../supply-chain/test/fixtures/signing/', import.meta.url));

function folder(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-usage-'));
  writeFileSync(join(cwd, 'lcov.info'), LCOV);
  return cwd;
}

const ccm = (...args: string[]) => runCcm(folder(), args);

describe('usage errors exit 2 with one line and a suggestion, on every command', () => {
  it.each([
    [
      ['quality-gate', '--coverag', 'lcov.info'],
      "ccm quality-gate: error: unknown option '--coverag' (Did you mean --coverage?) (see ccm quality-gate --help)",
    ],
    [['qualty-gate'], "ccm: error: unknown command 'qualty-gate' (Did you mean quality-gate?) (see ccm --help)"],
    [
      ['quality-gate', '--min-coverage'],
      "ccm quality-gate: error: option '--min-coverage <number>' argument missing (see ccm quality-gate --help)",
    ],
    [
      ['cache', 'run', '--stor', 'dir:x', '--', 'true'],
      "ccm cache run: error: unknown option '--stor' (Did you mean --store?) (see ccm cache run --help)",
    ],
    [
      ['verify', '--bundel', 'b.json'],
      "ccm verify: error: unknown option '--bundel' (Did you mean --bundle?) (see ccm verify --help)",
    ],
    [
      ['rollback', '--ledgr', 'file:l.json'],
      "ccm rollback: error: unknown option '--ledgr' (Did you mean --ledger?) (see ccm rollback --help)",
    ],
    [
      ['release', 'record', '--outcome', 'fine'],
      "ccm release record: error: option '--outcome <outcome>' argument 'fine' is invalid. Allowed choices are in_progress, success, failure. (see ccm release record --help)",
    ],
    [['sbom-sign', '--bundle', 'b.json'], "ccm sbom-sign: error: unknown option '--bundle' (see ccm sbom-sign --help)"],
  ])('ccm %j', async (args, line) => {
    const { code, out, err } = await ccm(...args);
    expect({ code, out, err }).toEqual({ code: 2, out: [], err: [line] });
  });

  it('a gate given nothing to measure is a usage error (2), naming what it expected', async () => {
    const { code, err } = await ccm('quality-gate', '--quiet');
    expect(code).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(
        /^ccm: quality-gate measured nothing: no report input was given\. Expected at least one of the inputs coverage, tests/,
      ),
    ]);
  });
});

describe('--help', () => {
  it('exits 0 and documents the exit codes', async () => {
    const { code, out, err } = await ccm('--help');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out.join('\n')).toContain(EXIT_CODES);
  });

  it('quality-gate --help: list inputs take several values after one flag, not newline-separated ones', async () => {
    const { code, out } = await ccm('quality-gate', '--help');
    expect(code).toBe(0);
    const help = out.join('\n');
    expect(help).not.toContain('newline-separated');
    expect(help.replace(/\s+/g, ' ')).toContain('Several values may follow the flag, or the flag may repeat.');
  });

  it('sbom-sign --help lists no verify-only option; verify --help lists them', async () => {
    const sign = (await ccm('sbom-sign', '--help')).out.join('\n');
    const verify = (await ccm('verify', '--help')).out.join('\n');
    for (const option of ['--bundle', '--artifact', '--public-key', '--certificate-identity', '--provenance-ref']) {
      expect(sign).not.toContain(option);
      expect(verify).toContain(option);
    }
  });
});

describe('thresholds and the report path', () => {
  it('accepts a threshold written 80%', async () => {
    const { code, out } = await ccm('quality-gate', '--coverage', 'lcov.info', '--min-coverage', '50%', '--quiet');
    expect(code).toBe(0);
    expect(out[0]).toMatch(/Line coverage +≥ 50% +50\.00% \(2\/4\) +pass/);
  });

  it('writes the default report to a file of its own per run, and prints where', async () => {
    const cwd = folder();
    const paths: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { code, out } = await runCcm(cwd, [
        'quality-gate',
        '--coverage',
        'lcov.info',
        '--min-coverage',
        '50',
        '--quiet',
      ]);
      expect(code).toBe(0);
      const path = /\nreport: (.+)$/.exec(out[0] ?? '')?.[1] ?? '';
      expect(existsSync(path)).toBe(true);
      paths.push(path);
    }
    expect(paths[0]).not.toBe(paths[1]);
    expect(paths[0]).not.toBe(join(tmpdir(), 'quality-gate-report.json'));
  });
});

describe('ccm verify', () => {
  it('exits 0 when verified, 1 when it did not verify, 2 on a usage mistake', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'app.tgz'), 'the artifact');
    const signed = await runCcm(cwd, [
      'sbom-sign',
      '--signing',
      'key',
      '--private-key',
      join(signing, 'key.pem'),
      '--subject-path',
      'app.tgz',
      '--quiet',
    ]);
    expect(signed.code).toBe(0);
    const verify = (artifact: string) =>
      runCcm(cwd, [
        'verify',
        '--bundle',
        'sbom-sign/app.tgz.sigstore.json',
        '--artifact',
        artifact,
        '--public-key',
        join(signing, 'key.pub'),
        '--quiet',
      ]);
    expect((await verify('app.tgz')).code).toBe(0);
    writeFileSync(join(cwd, 'other.tgz'), 'another artifact');
    const tampered = await verify('other.tgz');
    expect(tampered.code).toBe(1);
    expect(tampered.err).toEqual([expect.stringMatching(/^ccm: verify: /)]);
    const missing = await runCcm(cwd, ['verify', '--artifact', 'app.tgz', '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual(['ccm: input bundle: is required with mode: verify']);
  });
});
