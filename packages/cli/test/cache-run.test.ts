import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCcm } from './run-cli';

const folders: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.CCM_STORE_KEY;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A project folder with one source file, and a store folder beside it. */
function project() {
  const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-run-'));
  const storeRoot = mkdtempSync(join(tmpdir(), 'ccm-cli-run-store-'));
  folders.push(cwd, storeRoot);
  mkdirSync(join(cwd, 'src'));
  writeFileSync(join(cwd, 'src', 'a.js'), 'export const a = 1;\n');
  return { cwd, store: `dir:${storeRoot}` };
}

/** `ccm cache run` with what it logs on stderr (the CLI runtime writes there directly). */
async function run(cwd: string, args: string[]) {
  const logged: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  try {
    const result = await runCcm(cwd, ['cache', 'run', ...args]);
    return { ...result, log: logged.join('') };
  } finally {
    spy.mockRestore();
  }
}

const PASSING_JUNIT =
  '<?xml version="1.0"?><testsuites><testsuite name="unit" tests="1"><testcase name="adds" classname="unit"/></testsuite></testsuites>';

describe('ccm cache run', () => {
  it('fingerprints the argument vector: `true;` `exit 1` is not `true; exit 1`', async () => {
    const { cwd, store } = project();
    const options = ['--quiet', '--store', store, '--suite', 'unit', '--inputs', 'src/**', '--'];
    const passing = await run(cwd, [...options, 'sh', '-c', 'true;', 'exit 1']);
    expect(passing.code).toBe(0);
    expect(passing.out[0]).toMatch(/^passed: unit recorded/);
    // Joined with spaces, both read `sh -c true; exit 1`: the second was skipped after the first passed.
    const failing = await run(cwd, [...options, 'sh', '-c', 'true; exit 1']);
    expect(failing.out[0]).toBe('failed: unit exited 1; not recorded');
    expect(failing.code).toBe(1);
  });

  it('records only the result files this run wrote, and says which it left out', async () => {
    const { cwd, store } = project();
    mkdirSync(join(cwd, 'reports'));
    // A report from some earlier run, older than this one.
    writeFileSync(join(cwd, 'reports', 'old.xml'), PASSING_JUNIT);
    utimesSync(join(cwd, 'reports', 'old.xml'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const options = ['--store', store, '--suite', 'unit', '--inputs', 'src/**', '--results', 'reports/*.xml', '--'];
    const writesNew = `require('fs').writeFileSync('reports/new.xml', ${JSON.stringify(PASSING_JUNIT)})`;
    const first = await run(cwd, [...options, process.execPath, '-e', writesNew]);
    expect(first.out[0]).toMatch(/^passed: unit recorded/);
    expect(first.log).toContain(
      'not recording reports/old.xml: this run did not write it (same size, time and content as before it ran)',
    );

    rmSync(join(cwd, 'reports'), { recursive: true });
    const skipped = await run(cwd, [...options, process.execPath, '-e', writesNew]);
    expect(skipped.out[0]).toMatch(/^skipped:/);
    expect(existsSync(join(cwd, 'reports', 'new.xml'))).toBe(true);
    expect(existsSync(join(cwd, 'reports', 'old.xml'))).toBe(false);
  });

  it('records nothing when the command wrote none of its result files', async () => {
    const { cwd, store } = project();
    mkdirSync(join(cwd, 'reports'));
    writeFileSync(join(cwd, 'reports', 'junit.xml'), PASSING_JUNIT);
    const options = ['--store', store, '--suite', 'unit', '--inputs', 'src/**', '--results', 'reports/*.xml', '--'];
    const result = await run(cwd, [...options, process.execPath, '-e', '']);
    expect(result.out[0]).toBe('passed: unit, not recorded: none of its result files was written by this run');
    expect((await run(cwd, [...options, process.execPath, '-e', ''])).out[0]).toMatch(/^passed:/);
  });

  it('on a rerun, prints what changed since the last passing run', async () => {
    const { cwd, store } = project();
    const options = ['--store', store, '--suite', 'unit', '--inputs', 'src/**', '--', process.execPath, '-e', ''];
    const first = await run(cwd, options);
    const before = first.out[0]?.replace(/^.* recorded as /, '') ?? '';
    writeFileSync(join(cwd, 'src', 'a.js'), 'export const a = 2;\n');
    writeFileSync(join(cwd, 'src', 'b.js'), 'export const b = 1;\n');
    const rerun = await run(cwd, options);
    expect(rerun.log).toContain('suite unit has changed since its last passing run: run it');
    expect(rerun.log).toContain(`before: ${before} (suite unit)`);
    expect(rerun.log).toContain('file changed: src/a.js');
    expect(rerun.log).toContain('file added: src/b.js');
  });

  it('with a store key, a record the store did not sign never skips a failing command', async () => {
    const { cwd, store } = project();
    // The suite's outcome hangs on a file outside its inputs, as a forged record's would: one fingerprint, two outcomes.
    const options = ['--store', store, '--suite', 'unit', '--inputs', 'src/**', '--', 'sh', '-c', 'exit $(cat code)'];
    writeFileSync(join(cwd, 'code'), '0');
    expect((await run(cwd, options)).out[0]).toMatch(/^passed: unit recorded/); // written without the key

    writeFileSync(join(cwd, 'code'), '1');
    process.env.CCM_STORE_KEY = 'a-key-kept-in-the-environment-not-argv';
    const keyed = await run(cwd, options);
    expect(keyed.out[0]).toBe('failed: unit exited 1; not recorded');
    expect(keyed.code).toBe(1);
    expect(keyed.log).toMatch(/is not signed: it was not written with this store-key; refused/);
    expect(keyed.log).not.toContain('a-key-kept-in-the-environment-not-argv');

    // Without the key the store trusts whoever wrote it: that is the dir: store's documented trust model.
    delete process.env.CCM_STORE_KEY;
    expect((await run(cwd, options)).out[0]).toMatch(/^skipped:/);
  });

  it('key --ask-tools false keys from the lock file alone (a key of its own)', async () => {
    const { cwd } = project();
    writeFileSync(
      join(cwd, 'package-lock.json'),
      '{"name":"k","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"k","version":"1.0.0"}}}\n',
    );
    const asked = JSON.parse((await runCcm(cwd, ['cache', 'key'])).out.join('\n'));
    const notAsked = await runCcm(cwd, ['cache', 'key', '--ask-tools', 'false']);
    expect(notAsked.code).toBe(0);
    const key = JSON.parse(notAsked.out.join('\n'));
    expect(key.ecosystems).toEqual(['npm']);
    expect(key.key).not.toBe(asked.key);
  });
});
