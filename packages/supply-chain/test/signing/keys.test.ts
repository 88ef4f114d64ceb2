import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itWith, tool } from '../../../../test/support/requirements';
import {
  createKeySigner,
  detachedSignature,
  keyHint,
  loadPublicKey,
  loadSigningKey,
  verifyDetachedSignature,
} from '../../src/signing';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/signing');
const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

describe('private-key input', () => {
  it('reads a PKCS#8 P-256 key and derives the Sigstore key hint', async () => {
    const key = loadSigningKey(await fixture('key.pem'));
    expect(key.publicKeyPem.trim()).toBe((await fixture('key.pub')).trim());
    // base64(SHA-256(DER SubjectPublicKeyInfo)): the hint of the conformance managed-key bundle is this of its key.pub.
    const conformanceKey = loadPublicKey(
      '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExRRST79+PsrRBnGAI4cMu6Omz2Jh\nfwlMW+gIutNKVRaMyS4rQKvgngc5p8UbLj55pVHhIoAxi/SRgURZI0J3Xw==\n-----END PUBLIC KEY-----',
    );
    expect(keyHint(conformanceKey)).toBe('TLMsSDfG3ajPsWge+z/vX5T/zluXnmvbkTkwLIV68Tk=');
  });

  for (const [name, file, reason] of [
    ['not PEM', undefined, /private-key: not a PEM key/],
    ['an RSA key', 'rsa-key.pem', /private-key: an RSA key; only ECDSA P-256/],
    ['a P-384 key', 'p384-key.pem', /private-key: an EC key on curve secp384r1; only P-256/],
    ['an encrypted key', 'encrypted-key.pem', /private-key: the key is encrypted/],
    ['a SEC1 key', 'sec1-key.pem', /private-key: a 'EC PRIVATE KEY' PEM block is not a PKCS#8/],
    ['a public key', 'key.pub', /private-key: a 'PUBLIC KEY' PEM block/],
  ] as const) {
    it(`rejects ${name} with a ConfigurationError that never echoes the key`, async () => {
      const text = file ? await fixture(file) : 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg';
      let error: unknown;
      try {
        createKeySigner(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(reason);
      const body = text.split('\n').find((line) => line.length > 20 && !line.startsWith('-----'));
      if (body) expect((error as Error).message).not.toContain(body.slice(0, 16));
    });
  }

  it('rejects a truncated PKCS#8 block without quoting it', async () => {
    const text = (await fixture('key.pem')).replace(/\n[^\n]+\n-----END/, '\n-----END');
    expect(() => createKeySigner(text)).toThrow(/private-key: the PEM block could not be read/);
  });

  it('rejects a private key given as public-key', async () => {
    expect(() => loadPublicKey('not a key')).toThrow(/public-key: not a PEM public key/);
    await expect(async () => loadPublicKey(await fixture('key.pem'))).rejects.toThrow(
      /public-key: this is a private key/,
    );
  });
});

describe('cosign-compatible detached signature', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccm-sig-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const artifact = Buffer.from('artifact bytes\n');
  it('is base64 DER ECDSA over the raw bytes, as cosign verify-blob --key checks it', async () => {
    const signer = createKeySigner(await fixture('key.pem'));
    const bundle = await signer.sign(artifact);
    const sig = detachedSignature(bundle);
    expect(sig).toBe(bundle.messageSignature?.signature);
    const der = Buffer.from(sig, 'base64');
    expect(der[0]).toBe(0x30); // a DER SEQUENCE, not raw r||s
    const pub = await fixture('key.pub');
    expect(verifyDetachedSignature(artifact, sig, pub)).toBe(true);
    expect(verifyDetachedSignature(Buffer.from('other'), sig, pub)).toBe(false);
    expect(verifyDetachedSignature(artifact, sig, await fixture('other-key.pub'))).toBe(false);
  });

  // An independent implementation: OpenSSL (cosign verify-blob --key does the same ECDSA/SHA-256 check).
  itWith(tool('/usr/bin/openssl'), 'is accepted by openssl dgst -verify', async () => {
    const bundle = await createKeySigner(await fixture('key.pem')).sign(artifact);
    const der = Buffer.from(detachedSignature(bundle), 'base64');
    await writeFile(join(dir, 'a.bin'), artifact);
    await writeFile(join(dir, 'a.sig.der'), der);
    const out = execFileSync(
      'openssl',
      [
        'dgst',
        '-sha256',
        '-verify',
        join(FIXTURES, 'key.pub'),
        '-signature',
        join(dir, 'a.sig.der'),
        join(dir, 'a.bin'),
      ],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('Verified OK');
  });
});
