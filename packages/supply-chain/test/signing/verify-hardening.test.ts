import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '@ccm/toolkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import { runCcm } from '../../../cli/test/run-cli';
import { verifyBundleFile } from '../../src/signing';
import { identityPattern } from '../../src/signing/identity-pattern';

// Real bundles of the Sigstore client conformance suite (see SOURCES.md there), read in place.
const CONFORMANCE = resolve(import.meta.dirname, '../../../../../shared/fixtures/sigstore/bundle-verify');
const ARTIFACT = join(CONFORMANCE, 'a.txt');
const KEYLESS_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';

describe('certificate-identity patterns (issue 8, item 11)', () => {
  const refused = (text: string) => {
    try {
      identityPattern(text);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    }
    throw new Error(`'${text}' was accepted`);
  };

  it('refuses an empty value, an empty expression, and one an empty identity matches', () => {
    expect(refused('')).toBe('input certificate-identity: is empty: give the exact signer identity, or /regex/');
    expect(refused('  ')).toMatch(/^input certificate-identity: is empty/);
    expect(refused('//')).toBe(
      "input certificate-identity: '//' is an empty regular expression: it would match any signer",
    );
    expect(refused('/ /')).toMatch(/empty regular expression/);
    for (const loose of ['/.*/', '/(.*)/', '/x?/', '/|a/', '/^$/'])
      expect(refused(loose)).toMatch(/matches an empty identity, so it would accept any signer/);
  });

  it('names the input and the text of an invalid regular expression', () => {
    expect(refused('/(unclosed/')).toMatch(
      /^input certificate-identity: '\/\(unclosed\/' is not a valid regular expression: /,
    );
    expect(refused('/a{2,1}/')).toMatch(/'\/a\{2,1\}\/' is not a valid regular expression/);
  });

  it('anchors a pattern whether or not it says so: it must match the whole identity', () => {
    const pattern = identityPattern('/https://github\\.com/my-org/.*/') as RegExp;
    expect(pattern.test('https://github.com/my-org/app/.github/workflows/release.yml@refs/tags/v1')).toBe(true);
    expect(pattern.test('https://evil.example/?https://github.com/my-org/x')).toBe(false);
    const alternatives = identityPattern('/a@x|b@x/') as RegExp;
    expect(alternatives.test('a@x')).toBe(true);
    expect(alternatives.test('a@x.evil')).toBe(false);
    expect(alternatives.test('evil.b@x')).toBe(false);
    expect((identityPattern('/^https://a$/') as RegExp).test('https://a')).toBe(true);
  });

  it('matches a value without slashes exactly, as given', () => {
    expect(identityPattern('https://github.com/o/r/.github/workflows/w.yml@refs/heads/main')).toBe(
      'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main',
    );
    expect(identityPattern('/x/i')).toBe('/x/i');
  });

  it('never accepts an identity that only contains a match, for any pattern and text', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z./:]{1,12}$/),
        fc.string({ maxLength: 8 }),
        fc.string({ maxLength: 8 }),
        (body, before, after) => {
          const escaped = body.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
          const pattern = identityPattern(`/${escaped}/`) as RegExp;
          expect(pattern.test(`${before}${body}${after}`)).toBe(before === '' && after === '');
        },
      ),
      { numRuns: 500, seed: 1111 },
    );
  });
});

describeConformance('sigstore', 'require-tlog with real conformance bundles (issue 8, item 12)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccm-tlog-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A conformance bundle with its transparency-log entries removed, written beside the test's files. */
  async function withoutTlog(name: string): Promise<string> {
    const bundle = JSON.parse(await readFile(join(CONFORMANCE, name, 'bundle.sigstore.json'), 'utf8'));
    expect(bundle.verificationMaterial.tlogEntries.length).toBeGreaterThan(0);
    bundle.verificationMaterial.tlogEntries = [];
    const file = join(dir, `${name}.sigstore.json`);
    await writeFile(file, JSON.stringify(bundle));
    return file;
  }
  const keyOf = (name: string) => readFile(join(CONFORMANCE, name, 'key.pub'), 'utf8');

  it('refuses a key-signed bundle without its log entry when the log is required', async () => {
    const stripped = await withoutTlog('managed-key-happy-path');
    const publicKey = await keyOf('managed-key-happy-path');
    const required = await verifyBundleFile(stripped, { path: ARTIFACT }, { publicKey, requireTlog: true });
    expect(required).toMatchObject({ ok: false, check: 'transparency-log' });
    expect(required.ok === false && required.message).toMatch(/expected 1 tlog entries, got 0/);
    // Not required (the default for a key): the key alone is the trust anchor, as before.
    expect(await verifyBundleFile(stripped, { path: ARTIFACT }, { publicKey })).toMatchObject({ ok: true });
    // The untouched bundle carries its entry, and it verifies when required.
    const whole = join(CONFORMANCE, 'managed-key-happy-path', 'bundle.sigstore.json');
    expect(await verifyBundleFile(whole, { path: ARTIFACT }, { publicKey, requireTlog: true })).toMatchObject({
      ok: true,
    });
  });

  it('requires the log entry of a keyless bundle by default', async () => {
    const stripped = await withoutTlog('happy-path-v0.3');
    const policy = { certificateIdentity: KEYLESS_IDENTITY, certificateIssuer: ISSUER };
    expect(await verifyBundleFile(stripped, { path: ARTIFACT }, policy)).toMatchObject({ ok: false });
    const whole = join(CONFORMANCE, 'happy-path-v0.3', 'bundle.sigstore.json');
    expect(await verifyBundleFile(whole, { path: ARTIFACT }, policy)).toMatchObject({ ok: true });
  });

  it('is honoured by ccm verify (the action step), and so is the identity rule', async () => {
    const stripped = await withoutTlog('managed-key-happy-path');
    const key = join(CONFORMANCE, 'managed-key-happy-path', 'key.pub');
    const args = ['verify', '--quiet', '--bundle', stripped, '--artifact', ARTIFACT, '--public-key', key];
    const required = await runCcm(dir, [...args, '--require-tlog', 'true']);
    expect(required.code).toBe(1); // did not verify (2 is for usage and configuration errors)
    expect(required.err.join('\n')).toMatch(/^ccm: verify: transparency-log: .*expected 1 tlog entries, got 0/);
    expect((await runCcm(dir, args)).code).toBe(0);
    const bad = await runCcm(dir, [...args, '--require-tlog', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/require-tlog/);

    const keyless = join(CONFORMANCE, 'happy-path-v0.3', 'bundle.sigstore.json');
    const identity = await runCcm(dir, [
      'verify',
      '--quiet',
      '--bundle',
      keyless,
      '--artifact',
      ARTIFACT,
      '--certificate-identity',
      '//',
      '--certificate-oidc-issuer',
      ISSUER,
    ]);
    expect(identity.code).toBe(2);
    expect(identity.err.join('\n')).toMatch(/input certificate-identity: '\/\/' is an empty regular expression/);
  });
});
