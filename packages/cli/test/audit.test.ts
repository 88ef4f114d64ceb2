import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCcm } from './run-cli';

const fixtures = join(import.meta.dirname, '..', '..', 'audit', 'test', 'fixtures');
const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';

/** A repository folder whose `.github/workflows` holds the named fixtures, plus a template elsewhere. */
function repository(...files: string[]): string {
  const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-audit-'));
  const workflows = join(cwd, '.github', 'workflows');
  mkdirSync(workflows, { recursive: true });
  for (const file of files) cpSync(join(fixtures, file), join(workflows, file.split('/').pop()!));
  return cwd;
}

describe('ccm audit', () => {
  it('audits a folder: findings as file:line:col: level rule: message, exit 1 on warnings', async () => {
    const cwd = repository('bad/missing-permissions.yml', 'clean/clean.yml');
    mkdirSync(join(cwd, 'templates'));
    cpSync(join(fixtures, 'bad', 'timeout-minutes.yml'), join(cwd, 'templates', 'starter.yaml'));
    writeFileSync(join(cwd, 'templates', 'not-a-workflow.yml'), 'name: x\nruns: {using: node24}\n');
    const { code, out, err } = await runCcm(cwd, ['audit', '.']);
    expect(err).toEqual([]);
    expect(out).toEqual([
      ".github/workflows/missing-permissions.yml:5:3: warning missing-permissions: job 'a' has no permissions and the workflow none either, so it gets the repository's default token: declare permissions: (contents: read, plus what it needs)",
      "templates/starter.yaml:7:3: note timeout-minutes: job 'build' has no timeout-minutes, so a hung step holds the runner for 6 hours: set timeout-minutes:",
      '2 finding(s) in 3 workflow file(s)',
    ]);
    expect(code).toBe(1);
  });

  it('--fail-on sets the level that fails: notes alone pass by default, fail with --fail-on note', async () => {
    const cwd = repository('bad/persist-credentials.yml');
    expect((await runCcm(cwd, ['audit', '.github/workflows/persist-credentials.yml'])).code).toBe(0);
    expect((await runCcm(cwd, ['audit', '.', '--fail-on', 'note'])).code).toBe(1);
    const errorsOnly = repository('bad/missing-permissions.yml');
    expect((await runCcm(errorsOnly, ['audit', '.', '--fail-on', 'error'])).code).toBe(0);
    expect((await runCcm(errorsOnly, ['audit', '.', '--fail-on', 'none'])).code).toBe(0);
  });

  it('--json prints the findings; --sarif writes a SARIF log with repository-relative paths', async () => {
    const cwd = repository('bad/secret-echo.yml');
    const { code, out } = await runCcm(cwd, ['audit', '.', '--json', '--sarif', 'audit.sarif']);
    expect(code).toBe(1);
    const report = JSON.parse(out.join('\n'));
    expect(report.files).toBe(1);
    expect(report.findings).toHaveLength(5);
    expect(report.findings[0]).toMatchObject({
      file: '.github/workflows/secret-echo.yml',
      line: 11,
      rule: 'secret-echo',
    });
    const sarif = JSON.parse(readFileSync(join(cwd, 'audit.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(5);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      '.github/workflows/secret-echo.yml',
    );
  });

  it('--trusted-owner exempts the user own organisations from pinning', async () => {
    const cwd = repository('bad/unpinned-action.yml');
    const { out } = await runCcm(cwd, ['audit', '.', '--trusted-owner', 'my-org', '--trusted-owner', 'some-org']);
    expect(out.filter((line) => line.includes('unpinned-action')).map((line) => line.split(':')[1])).toEqual([
      '11',
      '14',
    ]);
  });

  it('exits 2 naming the file (and line) it could not read or parse, or a bad option', async () => {
    const cwd = repository();
    const missing = await runCcm(cwd, ['audit', 'nowhere.yml']);
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toMatch(/ccm: nowhere\.yml: cannot read/);
    writeFileSync(
      join(cwd, '.github', 'workflows', 'broken.yml'),
      'on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n',
    );
    const broken = await runCcm(cwd, ['audit', '.']);
    expect(broken.code).toBe(2);
    expect(broken.err.join('\n')).toMatch(/ccm: \.github\/workflows\/broken\.yml:5:\d+: not a valid workflow/);
    const usage = await runCcm(cwd, ['audit']);
    expect(usage.code).toBe(2);
    expect(usage.err.join('\n')).toMatch(/missing required argument 'paths'/);
    const noLock = await runCcm(cwd, ['pin', '.']);
    expect(noLock.code).toBe(2);
    expect(noLock.err.join('\n')).toMatch(/--lock/);
    const level = await runCcm(cwd, ['audit', '.', '--fail-on', 'fatal']);
    expect(level.code).toBe(2);
    expect(level.err.join('\n')).toMatch(/--fail-on: 'fatal'/);
  });
});

describe('ccm pin', () => {
  it('--check exits 1 without writing; then pins from the lock, and --check passes', async () => {
    const cwd = repository('real/actions-checkout-update-main-version.yml');
    const file = join(cwd, '.github', 'workflows', 'actions-checkout-update-main-version.yml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(join(cwd, 'pins.yml'), `actions/checkout@v7: ${SHA}\n`);

    const check = await runCcm(cwd, ['pin', '.', '--lock', 'pins.yml', '--check']);
    expect(check.code).toBe(1);
    expect(check.out[0]).toBe(
      `.github/workflows/actions-checkout-update-main-version.yml:26: would pin actions/checkout@v7 -> actions/checkout@${SHA}`,
    );
    expect(readFileSync(file, 'utf8')).toBe(original);

    expect((await runCcm(cwd, ['pin', '.', '--lock', 'pins.yml'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original.replace('actions/checkout@v7', `actions/checkout@${SHA} # v7`));
    const again = await runCcm(cwd, ['pin', '.', '--lock', 'pins.yml', '--check']);
    expect(again.code).toBe(0);
    expect(again.out).toEqual(['every third-party uses: is pinned']);
  });

  it('reports what the lock lacks, and refuses a lock entry that is not a full SHA', async () => {
    const cwd = repository('bad/unpinned-action.yml');
    writeFileSync(join(cwd, 'pins.json'), JSON.stringify({ 'actions/setup-node@v4': SHA }));
    const { code, out } = await runCcm(cwd, ['pin', '.', '--lock', 'pins.json', '--check']);
    expect(code).toBe(1);
    expect(out).toContain('.github/workflows/unpinned-action.yml:12: not in the lock file: some-org/some-action@main');
    writeFileSync(join(cwd, 'bad.json'), JSON.stringify({ 'actions/setup-node@v4': SHA.slice(0, 7) }));
    const refused = await runCcm(cwd, ['pin', '.', '--lock', 'bad.json']);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(
      /bad\.json:1: actions\/setup-node@v4: 'b4ffde6' is not a full 40-hex commit SHA/,
    );
  });
});

describe('ccm --help', () => {
  it('lists audit and pin', async () => {
    const { cliProgram } = await import('../src/program');
    const help = cliProgram({ print: () => {}, error: () => {}, cwd: '.' }, () => {}).helpInformation();
    expect(help).toMatch(/audit \[options\] <paths\.\.\.>\s+Audit GitHub Actions workflows/);
    expect(help).toMatch(/pin \[options\] <paths\.\.\.>\s+Pin uses:/);
  });
});
