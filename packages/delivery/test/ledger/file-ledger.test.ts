import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileLedger, listReleases, openLedger } from '../../src/ledger';
import { ledgerContract } from './ledger-contract';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'ccm-ledger-')), 'releases.json');

ledgerContract('file', async () => fileLedger(fresh()));

const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
const writer = fileURLToPath(new URL('./record-many.ts', import.meta.url));

/** Runs a separate process recording `count` releases into the ledger; resolves with its exit code. */
function recordFromAnotherProcess(file: string, prefix: string, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [writer, file, prefix, String(count)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

describe('file ledger', () => {
  it('loses no release when several processes write at once', async () => {
    const file = fresh();
    const codes = await Promise.all(['a', 'b', 'c'].map((prefix) => recordFromAnotherProcess(file, prefix, 15)));
    expect(codes).toEqual([0, 0, 0]);
    const releases = await listReleases(fileLedger(file), 'production');
    expect(releases).toHaveLength(45);
    expect(new Set(releases.map((r) => r.id)).size).toBe(45);
  });

  it('breaks the lock of a writer that died, and waits for a live one', async () => {
    const file = fresh();
    // A pid that no process has: the holder died without releasing.
    writeFileSync(
      `${file}.lock`,
      JSON.stringify({
        holder: 'crashed',
        pid: 2 ** 22 + 17,
        host: (await import('node:os')).hostname(),
        since: '2026-01-01T00:00:00Z',
        nonce: 'x',
      }),
    );
    await fileLedger(file).record({ environment: 'production', version: 'v1', outcome: 'success' });
    expect((await listReleases(fileLedger(file), 'production')).map((r) => r.version)).toEqual(['v1']);
  });

  it('names the file and the line of a damaged ledger, and the field of an invalid one', async () => {
    const file = fresh();
    writeFileSync(file, '{\n  "version": 1,\n  "releases": [\n    {"id": "1",,}\n  ]\n}\n');
    await expect(listReleases(fileLedger(file), 'production')).rejects.toThrow(
      new RegExp(`${file}:4:\\d+: not a release ledger`),
    );
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        releases: [{ id: '1', environment: 'p', version: 'v1', outcome: 'great', createdAt: 'x', updatedAt: 'x' }],
      }),
    );
    await expect(listReleases(fileLedger(file), 'p')).rejects.toThrow(/\/releases\/0\/outcome/);
    // Nothing was overwritten by the failed read.
    expect(readFileSync(file, 'utf8')).toContain('great');
    await expect(fileLedger(file).record({ environment: 'p', version: 'v2', outcome: 'success' })).rejects.toThrow(
      /not a release ledger/,
    );
    expect(readFileSync(file, 'utf8')).not.toContain('v2');
  });

  it('opens file:PATH relative to the root, and refuses anything else naming the input', () => {
    expect(openLedger('file:ledger.json', '/srv/app').name).toBe('file:/srv/app/ledger.json');
    expect(() => openLedger('s3://bucket', '/srv/app')).toThrow(/^ledger: 's3:\/\/bucket' is not a ledger/);
  });
});
