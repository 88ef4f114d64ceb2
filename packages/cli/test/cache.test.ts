import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCcm } from './run-cli';

/** A project folder: an npm lock as npm 11 writes it for a package without dependencies, and a source file. */
function project(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-cache-'));
  writeFileSync(join(cwd, 'package.json'), '{"name":"cli-cache","version":"1.0.0"}\n');
  writeFileSync(
    join(cwd, 'package-lock.json'),
    '{"name":"cli-cache","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"cli-cache","version":"1.0.0"}}}\n',
  );
  mkdirSync(join(cwd, 'src'));
  writeFileSync(join(cwd, 'src', 'a.js'), 'export const a = 1;\n');
  return cwd;
}

const ccm = (cwd: string, ...args: string[]) => runCcm(cwd, args);

describe('ccm cache', () => {
  it('key prints the computed key, restore keys, paths and ecosystems as JSON', async () => {
    const cwd = project();
    const { code, out } = await ccm(cwd, 'cache', 'key');
    expect(code).toBe(0);
    const key = JSON.parse(out.join('\n'));
    expect(key.ecosystems).toEqual(['npm']);
    expect(key.key).toMatch(/^ccm-deps-linux-x64-npm-[0-9a-f]{64}$/);
    expect(key.restoreKeys).toEqual(['ccm-deps-linux-x64-npm-', 'ccm-deps-linux-x64-']);
    expect(key.paths.length).toBeGreaterThan(0);
    expect((await ccm(cwd, 'cache', 'key', '--ecosystems', 'npm')).out).toEqual(out);
  });

  it('run skips an unchanged passing suite, runs it after a change, and never records a failing one', async () => {
    const cwd = project();
    const store = `dir:${join(cwd, '..', `${cwd.split('/').pop()}-store`)}`;
    const marker = join(cwd, 'ran');
    // The "suite": a node one-liner that leaves a marker and exits with the code in src/exit.txt.
    writeFileSync(join(cwd, 'src', 'exit.txt'), '0');
    const suite = [
      'cache',
      'run',
      '--quiet',
      '--store',
      store,
      '--suite',
      'unit',
      '--inputs',
      'src/**',
      '--',
      process.execPath,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); process.exit(Number(require('fs').readFileSync('src/exit.txt', 'utf8')))`,
    ];
    const first = await ccm(cwd, ...suite);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out[0]).toMatch(/^passed: unit recorded as sha256:/);
    rmSync(marker);
    const second = await ccm(cwd, ...suite);
    expect(second.out[0]).toMatch(/^skipped: unit passed before/);
    expect(existsSync(marker)).toBe(false);

    writeFileSync(join(cwd, 'src', 'exit.txt'), '3');
    const failing = await ccm(cwd, ...suite);
    expect(failing.code).toBe(3);
    expect(failing.out[0]).toBe('failed: unit exited 3; not recorded');
    const again = await ccm(cwd, ...suite);
    expect(again.code).toBe(3);

    // Back to the passing inputs: the record of the first run still stands.
    writeFileSync(join(cwd, 'src', 'exit.txt'), '0');
    expect((await ccm(cwd, ...suite)).out[0]).toMatch(/^skipped:/);

    writeFileSync(join(cwd, 'src', 'exit.txt'), '0\n');
    const edited = await ccm(cwd, ...suite);
    expect(edited.out[0]).toMatch(/^passed: unit recorded as/);
    const before = first.out[0]?.replace(/^.* recorded as /, '') ?? '';
    const after = edited.out[0]?.replace(/^.* recorded as /, '') ?? '';
    const explain = await ccm(cwd, 'cache', 'explain', before, after);
    expect(explain.code).toBe(0);
    expect(explain.out.join('\n')).toMatch(/file changed: src\/exit\.txt/);
  });

  it('run with inputs ** skips the second time: .git and the .ccm folder are never inputs', async () => {
    const cwd = project();
    mkdirSync(join(cwd, '.git'));
    writeFileSync(join(cwd, '.git', 'index'), 'changes with every commit');
    const store = `dir:${join(cwd, '..', `${cwd.split('/').pop()}-all`)}`;
    const suite = [
      'cache',
      'run',
      '--quiet',
      '--store',
      store,
      '--suite',
      'all',
      '--inputs',
      '**',
      '--',
      process.execPath,
      '-e',
      '',
    ];
    expect((await ccm(cwd, ...suite)).out[0]).toMatch(/^passed:/);
    writeFileSync(join(cwd, '.git', 'index'), 'another commit');
    expect((await ccm(cwd, ...suite)).out[0]).toMatch(/^skipped:/);
  });

  it('fingerprint without a store prints the fingerprint; explain names a fingerprint it never saw', async () => {
    const cwd = project();
    const { code, out } = await ccm(cwd, 'cache', 'fingerprint', '--quiet', '--suite', 'unit', '--inputs', 'src/**');
    expect(code).toBe(0);
    const fingerprint = out[0]?.replace('fingerprint: ', '') ?? '';
    expect(fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const manifest = JSON.parse(
      readFileSync(join(cwd, '.ccm', 'ccm-fingerprints', `${fingerprint.slice(7)}.json`), 'utf8'),
    );
    expect(Object.keys(manifest.files)).toContain('src/a.js');
    const unknown = await ccm(cwd, 'cache', 'explain', fingerprint, `sha256:${'0'.repeat(64)}`);
    expect(unknown.code).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/was not computed here/);
  });

  it('restore outside Actions without a store is a usage error naming the input', async () => {
    const { code, err } = await ccm(project(), 'cache', 'restore');
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/input store: is required outside GitHub Actions/);
  });
});
