import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCcm } from './run-cli';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('ccm release', () => {
  it('records releases into a file ledger and lists an environment newest first', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-release-'));
    const record = (version: string, outcome: string, ...extra: string[]) =>
      runCcm(cwd, [
        'release',
        'record',
        '--ledger',
        'file:ledger.json',
        '--environment',
        'production',
        '--version',
        version,
        '--outcome',
        outcome,
        ...extra,
      ]);
    expect((await record('v1', 'success')).out).toEqual([
      `recorded release 1: production v1 (success) in file:${join(cwd, 'ledger.json')}`,
    ]);
    await record('v2', 'failure', '--digest', DIGEST, '--commit', '0123456789abcdef0123456789abcdef01234567');
    const json = await runCcm(cwd, [
      'release',
      'list',
      '--ledger',
      'file:ledger.json',
      '--environment',
      'production',
      '--json',
    ]);
    expect(json.code).toBe(0);
    const releases = JSON.parse(json.out.join('\n')) as { version: string; outcome: string; digest?: string }[];
    expect(releases.map((r) => [r.version, r.outcome, r.digest])).toEqual([
      ['v2', 'failure', DIGEST],
      ['v1', 'success', undefined],
    ]);
    const table = await runCcm(cwd, ['release', 'list', '--ledger', 'file:ledger.json', '--environment', 'production']);
    expect(table.out[0]).toMatch(/^ID\s+VERSION\s+OUTCOME\s+RECORDED\s+DIGEST\s+COMMIT\s+BY$/);
    expect(table.out[1]).toMatch(
      /^2\s+v2\s+failure\s+\S+Z\s+sha256:abababababab…\s+0123456789ab\s+ccm release record$/,
    );
    const none = await runCcm(cwd, ['release', 'list', '--ledger', 'file:ledger.json', '--environment', 'staging']);
    expect(none.out).toEqual(['no releases of staging in file:ledger.json']);
    const list = ['release', 'list', '--ledger', 'file:ledger.json', '--environment', 'production'];
    const newest = await runCcm(cwd, [...list, '--limit', '1']);
    expect(newest.out).toHaveLength(2);
    expect(newest.out[1]).toMatch(/^2\s+v2\s+failure/);
    const zero = await runCcm(cwd, [...list, '--limit', '0']);
    expect(zero.code).toBe(2);
    expect(zero.err.join('\n')).toContain("--limit: expected a whole number of releases of at least 1, got '0'");
  });

  it('refuses a malformed digest and an unknown store, naming the option', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-release-'));
    const base = ['release', 'record', '--environment', 'production', '--version', 'v1'];
    const digest = await runCcm(cwd, [
      ...base,
      '--ledger',
      'file:l.json',
      '--outcome',
      'success',
      '--digest',
      'sha256:xyz',
    ]);
    expect(digest.code).toBe(2);
    expect(digest.err.join('\n')).toMatch(/--digest: 'sha256:xyz' is not sha256:<64 lowercase hex digits>/);
    const store = await runCcm(cwd, [...base, '--ledger', 'postgres://x', '--outcome', 'success']);
    expect(store.code).toBe(2);
    expect(store.err.join('\n')).toMatch(/--ledger: 'postgres:\/\/x' is not a ledger/);
  });
});

describe('ccm rollback', () => {
  it('goes back to the last good release with a deploy command, recording both outcomes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-rollback-'));
    for (const version of ['v1', 'v2']) {
      await runCcm(cwd, [
        'release',
        'record',
        '--ledger',
        'file:l.json',
        '--environment',
        'prod',
        '--version',
        version,
        '--outcome',
        'success',
      ]);
    }
    const args = [
      'rollback',
      '--ledger',
      'file:l.json',
      '--environment',
      'prod',
      '--deploy-command',
      'touch',
      '--deploy-command',
      'deployed-{{ version }}',
      '--quiet',
    ];
    const first = await runCcm(cwd, args);
    expect(first.code, first.err.join('\n')).toBe(0);
    expect(first.out[0]).toMatch(/^rolled-back: prod runs v1 again instead of v2 \(\d+ ms\)$/);
    expect(existsSync(join(cwd, 'deployed-v1'))).toBe(true);
    const list = await runCcm(cwd, ['release', 'list', '--ledger', 'file:l.json', '--environment', 'prod', '--json']);
    expect(
      (JSON.parse(list.out.join('\n')) as { version: string; outcome: string }[]).map(
        (r) => `${r.version} ${r.outcome}`,
      ),
    ).toEqual(['v1 success', 'v2 failure', 'v1 success']);
  });

  it('exits 2 naming the input when there is nothing to restore with', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ccm-cli-rollback-'));
    const result = await runCcm(cwd, ['rollback', '--ledger', 'file:l.json', '--environment', 'prod']);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toMatch(/input deploy-command: or router is required/);
  });
});
