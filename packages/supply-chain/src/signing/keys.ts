import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigurationError } from '@ccm/toolkit/errors';

/** A P-256 private key read from the `private-key` input, with what a bundle needs to name it. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Sigstore key hint: base64 SHA-256 of the DER SubjectPublicKeyInfo (as cosign and sigstore-js write it). */
  hint: string;
}

// The messages below never quote the key: it is a secret and ends up in logs otherwise.
export function loadSigningKey(pem: string, input = 'private-key'): SigningKey {
  const text = pem.trim();
  if (!/^-----BEGIN [A-Z0-9 ]+-----/.test(text)) {
    throw new ConfigurationError(
      `${input}: not a PEM key (expected '-----BEGIN PRIVATE KEY-----', PKCS#8, ECDSA P-256)`,
    );
  }
  const label = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? '';
  if (label.includes('ENCRYPTED')) {
    throw new ConfigurationError(`${input}: the key is encrypted (${label}); give an unencrypted PKCS#8 key`);
  }
  if (label !== 'PRIVATE KEY') {
    throw new ConfigurationError(
      `${input}: a '${label}' PEM block is not a PKCS#8 private key; convert it with 'openssl pkcs8 -topk8 -nocrypt'`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new ConfigurationError(`${input}: the PEM block could not be read as a PKCS#8 private key`);
  }
  assertP256(privateKey, input);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    hint: keyHint(publicKey),
  };
}

/** A public key for verification (`public-key` input): any key Node reads as SPKI PEM. */
export function loadPublicKey(pem: string, input = 'public-key'): KeyObject {
  const text = pem.trim();
  if (/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new ConfigurationError(`${input}: this is a private key; give the public key (-----BEGIN PUBLIC KEY-----)`);
  }
  if (!text.startsWith('-----BEGIN PUBLIC KEY-----')) {
    throw new ConfigurationError(`${input}: not a PEM public key (expected '-----BEGIN PUBLIC KEY-----')`);
  }
  try {
    return createPublicKey({ key: text, format: 'pem' });
  } catch {
    throw new ConfigurationError(`${input}: the PEM block could not be read as a public key`);
  }
}

export function keyHint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

function assertP256(key: KeyObject, input: string): void {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type !== 'ec') {
    throw new ConfigurationError(`${input}: an ${String(type).toUpperCase()} key; only ECDSA P-256 keys are supported`);
  }
  if (curve !== 'prime256v1') {
    throw new ConfigurationError(`${input}: an EC key on curve ${curve}; only P-256 (prime256v1) is supported`);
  }
}
