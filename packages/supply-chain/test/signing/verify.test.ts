import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError, FileError } from '@ccm/toolkit/errors';
import type { SerializedBundle } from '@sigstore/bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itConformance } from '../../../../test/support/requirements';
import {
  assertVerified,
  createKeylessSigner,
  createKeySigner,
  loadTrustedRoot,
  parseBundle,
  parseBundleJSON,
  parseTrustedRoot,
  readBundleFile,
  type VerifyPolicy,
  verifyBundle,
  verifyBundleFile,
} from '../../src/signing';
import publicGood from '../../src/signing/trusted-root/trusted_root.json';
import { fakeOidcToken, type MockSigstore, startMockSigstore } from './mock-sigstore';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/signing');
const SHARED_ROOT = resolve(
  import.meta.dirname,
  '../../../../../shared/fixtures/sigstore/default-trust-root/trusted_root.json',
);
const IDENTITY = 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.0.0';
const ISSUER = 'https://token.actions.githubusercontent.com';

let dir: string;
let mock: MockSigstore;
let keyless: SerializedBundle;
let keyBundle: SerializedBundle;
let keylessPolicy: VerifyPolicy;
const artifact = Buffer.from('the artifact\n');
const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccm-verify-'));
  mock = await startMockSigstore();
  const token = fakeOidcToken({ sub: IDENTITY, iss: ISSUER });
  keyless = await createKeylessSigner({
    fulcioURL: mock.fulcioURL,
    rekorURL: mock.rekorURL,
    identityProvider: { getToken: async () => token },
  }).sign(artifact);
  keyBundle = await createKeySigner(await readFile(join(FIXTURES, 'key.pem'), 'utf8')).sign(artifact);
  keylessPolicy = {
    trustedRoot: parseTrustedRoot(mock.trustedRoot, 'mock'),
    certificateIdentity: IDENTITY,
    certificateIssuer: ISSUER,
    ctLogThreshold: 0,
  };
});
afterAll(async () => {
  await mock?.close();
  await rm(dir, { recursive: true, force: true });
});

const parsed = (bundle: SerializedBundle) => parseBundleJSON(structuredClone(bundle), 'artifact.sigstore.json');

describe('keyless signer policy', () => {
  it('accepts the identity as a regular expression', async () => {
    const policy = {
      ...keylessPolicy,
      certificateIdentity: /^https:\/\/github\.com\/octo-org\/app\/\.github\/workflows\/release\.yml@refs\/tags\/v/,
    };
    expect(await verifyBundle(parsed(keyless), { digest }, policy)).toMatchObject({
      ok: true,
      identity: { subjectAlternativeName: IDENTITY, issuer: ISSUER },
    });
  });

  it('names a wrong identity and a wrong issuer', async () => {
    const wrongIdentity = await verifyBundle(
      parsed(keyless),
      { digest },
      { ...keylessPolicy, certificateIdentity: 'https://github.com/evil/app' },
    );
    expect(wrongIdentity).toEqual({
      ok: false,
      check: 'certificate-identity',
      message: `certificate identity '${IDENTITY}' does not match 'https://github.com/evil/app'`,
    });
    expect(() => assertVerified(wrongIdentity)).toThrow(
      `verify: certificate identity '${IDENTITY}' does not match 'https://github.com/evil/app'`,
    );
    const wrongIssuer = await verifyBundle(
      parsed(keyless),
      { digest },
      { ...keylessPolicy, certificateIssuer: 'https://accounts.google.com' },
    );
    expect(wrongIssuer).toMatchObject({ ok: false, check: 'certificate-oidc-issuer' });
  });

  it('requires an identity and issuer for keyless bundles', async () => {
    await expect(verifyBundle(parsed(keyless), { digest }, { trustedRoot: keylessPolicy.trustedRoot })).rejects.toThrow(
      /needs certificate-identity and certificate-oidc-issuer/,
    );
  });

  it('rejects a keyless bundle against a trusted root that does not hold its CA (the public-good default)', async () => {
    const result = await verifyBundle(parsed(keyless), { digest }, { ...keylessPolicy, trustedRoot: undefined });
    expect(result).toMatchObject({ ok: false, check: 'certificate' });
  });

  it('requires SCTs unless told otherwise', async () => {
    const result = await verifyBundle(parsed(keyless), { digest }, { ...keylessPolicy, ctLogThreshold: undefined });
    expect(result).toMatchObject({ ok: false, check: 'certificate' });
  });

  it('turns a missing OIDC token into a ConfigurationError about id-token: write', async () => {
    const signer = createKeylessSigner({
      fulcioURL: mock.fulcioURL,
      rekorURL: mock.rekorURL,
      identityProvider: { getToken: () => Promise.reject(new Error('no token')) },
    });
    await expect(signer.sign(artifact)).rejects.toThrow(ConfigurationError);
    await expect(signer.sign(artifact)).rejects.toThrow(/id-token: write/);
  });
});

describe('mode mismatches and inputs', () => {
  it('asks for public-key when the bundle is key-signed, and refuses one for a keyless bundle', async () => {
    expect(await verifyBundle(parsed(keyBundle), { digest }, {})).toMatchObject({ ok: false, check: 'public-key' });
    const pub = await readFile(join(FIXTURES, 'key.pub'), 'utf8');
    expect(await verifyBundle(parsed(keyless), { digest }, { publicKey: pub })).toMatchObject({
      ok: false,
      check: 'public-key',
    });
  });

  it('rejects a malformed digest and an unreadable artifact as configuration errors', async () => {
    const pub = await readFile(join(FIXTURES, 'key.pub'), 'utf8');
    await expect(verifyBundle(parsed(keyBundle), { digest: 'md5:abc' }, { publicKey: pub })).rejects.toThrow(
      /'md5:abc' is not a digest of the form sha256:/,
    );
    await expect(verifyBundle(parsed(keyBundle), { path: join(dir, 'missing') }, { publicKey: pub })).rejects.toThrow(
      /cannot read artifact .*missing: ENOENT/,
    );
  });

  it('verifies a bundle file from disk', async () => {
    const file = join(dir, 'a.sigstore.json');
    await writeFile(file, JSON.stringify(keyBundle));
    const pub = await readFile(join(FIXTURES, 'key.pub'), 'utf8');
    expect(await verifyBundleFile(file, { digest }, { publicKey: pub })).toMatchObject({ ok: true, mode: 'key' });
  });
});

describe('malformed bundles', () => {
  it('names the file and line of invalid JSON', () => {
    expect(() => parseBundle('{\n  "mediaType": "x",\n  oops\n}', 'b.json')).toThrow(FileError);
    expect(() => parseBundle('{\n  "mediaType": "x",\n  oops\n}', 'b.json')).toThrow(
      /^b\.json:3:\d+: not a Sigstore bundle: invalid JSON/,
    );
  });

  it('rejects a wrong or missing media type', () => {
    expect(() => parseBundle('{"mediaType":"application/json"}', 'b.json')).toThrow(
      /^b\.json: not a Sigstore bundle: mediaType "application\/json" is not one of/,
    );
    expect(() => parseBundle('[]', 'b.json')).toThrow('b.json: not a Sigstore bundle: expected a JSON object');
    expect(() => parseBundle('{}', 'b.json')).toThrow(/mediaType undefined/);
  });

  it('names missing fields', () => {
    const noContent = { mediaType: keyBundle.mediaType, verificationMaterial: keyBundle.verificationMaterial };
    expect(() => parseBundle(JSON.stringify(noContent), 'b.json')).toThrow(
      /^b\.json: invalid Sigstore bundle: missing or invalid content/,
    );
    const noMaterial = { mediaType: keyBundle.mediaType, messageSignature: keyBundle.messageSignature };
    expect(() => parseBundle(JSON.stringify(noMaterial), 'b.json')).toThrow(/missing or invalid verificationMaterial/);
  });

  it('names a bundle file that does not exist', async () => {
    await expect(readBundleFile(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json: cannot read bundle: ENOENT/);
  });
});

describe('trusted root', () => {
  it('ships the Sigstore public-good root and loads it by default', async () => {
    const root = await loadTrustedRoot();
    expect(root.tlogs.map((log) => log.baseUrl)).toContain('https://rekor.sigstore.dev');
    expect(root.certificateAuthorities.some((ca) => ca.uri === 'https://fulcio.sigstore.dev')).toBe(true);
  });

  itConformance(
    'sigstore/default-trust-root',
    'is byte-identical to sigstore/root-signing targets/trusted_root.json',
    async () => {
      const shipped = await readFile(resolve(import.meta.dirname, '../../src/signing/trusted-root/trusted_root.json'));
      expect(createHash('sha256').update(shipped).digest('hex')).toBe(
        createHash('sha256')
          .update(await readFile(SHARED_ROOT))
          .digest('hex'),
      );
      expect(publicGood.mediaType).toBe('application/vnd.dev.sigstore.trustedroot+json;version=0.1');
    },
  );

  it('names a trusted-root file that is not JSON or not a trusted root', async () => {
    const bad = join(dir, 'root.json');
    await writeFile(bad, '{nope');
    await expect(loadTrustedRoot(bad)).rejects.toThrow(/root\.json: not JSON/);
    await writeFile(bad, '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}');
    await expect(loadTrustedRoot(bad)).rejects.toThrow(/root\.json: not a Sigstore trusted root/);
    await expect(loadTrustedRoot(join(dir, 'missing.json'))).rejects.toThrow(/trusted-root: cannot read .*ENOENT/);
  });
});
