import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyPrehashed } from '../../src/signing/ecdsa-prehash';

// Cross-checked against Node's own ECDSA: what Node signs over a message must verify over its digest.
describe('verifyPrehashed', () => {
  for (const [curve, hash] of [
    ['prime256v1', 'sha256'],
    ['secp384r1', 'sha384'],
    ['secp384r1', 'sha256'],
  ] as const) {
    it(`agrees with node:crypto on ${curve} / ${hash}`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      for (let i = 0; i < 20; i++) {
        const message = randomBytes(1 + i * 7);
        const signature = sign(hash, message, privateKey);
        const digest = createHash(hash).update(message).digest();
        expect(verifyPrehashed(publicKey, digest, signature)).toBe(true);
        const other = createHash(hash)
          .update(Buffer.concat([message, Buffer.from('x')]))
          .digest();
        expect(verifyPrehashed(publicKey, other, signature)).toBe(false);
      }
    });
  }

  it('rejects a signature from another key, a mangled DER and a non-EC key', () => {
    const a = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const b = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const message = Buffer.from('hello');
    const digest = createHash('sha256').update(message).digest();
    const signature = sign('sha256', message, a.privateKey);
    expect(verifyPrehashed(b.publicKey, digest, signature)).toBe(false);
    expect(verifyPrehashed(a.publicKey, digest, signature.subarray(1))).toBe(false);
    expect(verifyPrehashed(a.publicKey, digest, Buffer.concat([signature, Buffer.from([0])]))).toBe(false);
    const ed = generateKeyPairSync('ed25519');
    expect(verifyPrehashed(ed.publicKey, digest, signature)).toBe(false);
  });
});
