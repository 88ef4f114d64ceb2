import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { preAuthEncoding } from '../../src/signing';
import { verifyPrehashed } from '../../src/signing/ecdsa-prehash';

// The test vector of the DSSE specification (secure-systems-lab/dsse protocol.md, "Test Vectors").
const VECTOR = {
  payloadType: 'http://example.com/HelloWorld',
  body: 'hello world',
  pae: 'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
  // ECDSA P-256 / SHA-256, signature as raw r || s (IEEE P1363).
  x: 46950820868899156662930047687818585632848591499744589407958293238635476079160n,
  y: 5640078356564379163099075877009565129882514886557779369047442380624545832820n,
  envelope: {
    payload: 'aGVsbG8gd29ybGQ=',
    payloadType: 'http://example.com/HelloWorld',
    signatures: [{ sig: 'A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==' }],
  },
};

const coordinate = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex').toString('base64url');
const vectorKey = createPublicKey({
  key: { kty: 'EC', crv: 'P-256', x: coordinate(VECTOR.x), y: coordinate(VECTOR.y) },
  format: 'jwk',
});

describe('DSSE pre-authentication encoding', () => {
  it('matches the specification test vector byte for byte', () => {
    const pae = preAuthEncoding(VECTOR.payloadType, Buffer.from(VECTOR.body));
    expect(pae.toString('utf8')).toBe(VECTOR.pae);
  });

  it('is what the specification vector signature covers', () => {
    const payload = Buffer.from(VECTOR.envelope.payload, 'base64');
    const pae = preAuthEncoding(VECTOR.envelope.payloadType, payload);
    const sig = Buffer.from(VECTOR.envelope.signatures[0]?.sig ?? '', 'base64');
    expect(verify('sha256', pae, { key: vectorKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    expect(
      verify('sha256', Buffer.concat([pae, Buffer.from(' ')]), { key: vectorKey, dsaEncoding: 'ieee-p1363' }, sig),
    ).toBe(false);
    // The same signature, DER-encoded, through the prehashed verifier.
    const der = toDer(sig);
    expect(verifyPrehashed(vectorKey, createHash('sha256').update(pae).digest(), der)).toBe(true);
  });

  it('counts bytes, not characters, and keeps binary bodies intact', () => {
    const pae = preAuthEncoding('tÿpe', Buffer.from([0, 1, 2]));
    expect(pae.subarray(0, 15).toString('utf8')).toBe('DSSEv1 5 tÿpe ');
    expect(pae.subarray(-6)).toEqual(Buffer.from([0x20, 0x33, 0x20, 0, 1, 2]));
    expect(preAuthEncoding('', Buffer.alloc(0)).toString()).toBe('DSSEv1 0  0 ');
  });
});

function toDer(p1363: Buffer): Buffer {
  const int = (b: Buffer) => {
    let v = b;
    while (v.length > 1 && v[0] === 0 && (v[1] ?? 0) < 0x80) v = v.subarray(1);
    if ((v[0] ?? 0) >= 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(p1363.subarray(0, 32)), int(p1363.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
