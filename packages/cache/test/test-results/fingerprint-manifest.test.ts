import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  type FingerprintManifest,
  fingerprintOf,
  readFingerprintManifest,
  sealManifest,
} from '../../src/test-results/fingerprint-manifest';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'ccm-fingerprint-manifest-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function manifest(): FingerprintManifest {
  return sealManifest({
    schema: 'ccm-fingerprint/v1',
    suite: 'unit',
    files: { 'src/a.ts': A, 'src/b.ts': B },
    env: { CI: A, TOKEN: null },
    command: 'npm test',
    runtimes: { node: 'v24.1.0', os: 'linux-x64' },
  });
}

async function saved(content: unknown): Promise<string> {
  const file = join(work, 'manifest.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('canonical encoding', () => {
  it('sorts keys at every level and does not depend on insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: null, e: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[2,{"e":"x","f":null}]},"b":1}',
    );
    const one = manifest();
    const other = { ...one, files: { 'src/b.ts': B, 'src/a.ts': A }, runtimes: { os: 'linux-x64', node: 'v24.1.0' } };
    expect(fingerprintOf(other)).toBe(one.fingerprint);
  });

  it('keeps a path with a separator apart from two fields', () => {
    const one = { ...manifest(), files: { 'a"b': A } };
    const two = { ...manifest(), files: { a: A, b: A } };
    expect(fingerprintOf(one)).not.toBe(fingerprintOf(two));
  });
});

describe('readFingerprintManifest', () => {
  it('reads back what was written', async () => {
    expect(await readFingerprintManifest(await saved(manifest()))).toEqual(manifest());
  });

  it.each([
    ['not JSON', '{', /: not JSON: /],
    ['an array', [], /: not a fingerprint manifest: expected a JSON object$/],
    ['another schema', { ...manifest(), schema: 'other/v2' }, /schema is "other\/v2", expected "ccm-fingerprint\/v1"$/],
    [
      'a bad fingerprint',
      { ...manifest(), fingerprint: 'md5:1' },
      /field fingerprint: expected sha256:<64 lowercase hex digits>$/,
    ],
    [
      'a file hash that is not hex',
      { ...manifest(), files: { 'src/a.ts': 'zz' } },
      /field files\.src\/a\.ts: expected a sha256 hex digest$/,
    ],
    [
      'an env value stored in clear',
      { ...manifest(), env: { TOKEN: 'secret' } },
      /field env\.TOKEN: expected a sha256 hex digest or null$/,
    ],
    [
      'a runtime that is not a string',
      { ...manifest(), runtimes: { node: 24 } },
      /field runtimes\.node: expected a string$/,
    ],
    ['no command field', { ...manifest(), command: undefined }, /field command: expected a string or null$/],
    [
      'edited content',
      { ...manifest(), command: 'npm run other' },
      /field fingerprint: sha256:[0-9a-f]{64} does not match the manifest's content/,
    ],
  ])('rejects %s, naming the file', async (_, content, message) => {
    const file = await saved(content);
    const error = await readFingerprintManifest(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message.startsWith(`${file}: `)).toBe(true);
    expect((error as FileError).message).toMatch(message);
  });

  it('names a file that is not there', async () => {
    const file = join(work, 'missing.json');
    await expect(readFingerprintManifest(file)).rejects.toThrow(
      `${file}: cannot read the fingerprint manifest: ENOENT`,
    );
  });
});
