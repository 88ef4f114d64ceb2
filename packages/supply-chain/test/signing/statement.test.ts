import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SerializedBundle } from '@sigstore/bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKeylessSigner,
  createKeySigner,
  IN_TOTO_PAYLOAD_TYPE,
  parseBundleJSON,
  type VerifyPolicy,
  verifyBundle,
} from '../../src/signing';
import { fakeOidcToken, type MockSigstore, startMockSigstore } from './mock-sigstore';

/**
 * What verify says of a DSSE payload that is validly signed but not the statement the policy wants:
 * another payload type, not JSON, no subject list, or a predicate that is not SLSA provenance. The key
 * signer signs any payload, so each case is a real, verifiable bundle. Also: a keyless signing that
 * fails for another reason than the OIDC token names the sigstore error.
 */

const FIXTURES = resolve(import.meta.dirname, '../fixtures/signing');
const artifact = Buffer.from('the artifact\n');
const hex = createHash('sha256').update(artifact).digest('hex');
const digest = `sha256:${hex}`;

let sign: (payload: string, type?: string) => Promise<SerializedBundle>;
let policy: VerifyPolicy;
let mock: MockSigstore;

beforeAll(async () => {
  const signer = createKeySigner(await readFile(resolve(FIXTURES, 'key.pem'), 'utf8'));
  sign = (payload, type = IN_TOTO_PAYLOAD_TYPE) => signer.sign(Buffer.from(payload, 'utf8'), type);
  policy = { publicKey: await readFile(resolve(FIXTURES, 'key.pub'), 'utf8') };
  mock = await startMockSigstore();
});
afterAll(async () => {
  await mock?.close();
});

const verify = async (bundle: SerializedBundle, expect?: VerifyPolicy['expect']) =>
  verifyBundle(parseBundleJSON(structuredClone(bundle), 'att.sigstore.json'), { digest }, { ...policy, expect });

const statement = (fields: object) =>
  JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'a', digest: { sha256: hex } }],
    ...fields,
  });

describe('a signed payload that is not the expected statement', () => {
  it('another payload type', async () => {
    expect(await verify(await sign(statement({}), 'application/json'))).toEqual({
      ok: false,
      check: 'payload-type',
      message: `payload type 'application/json' is not ${IN_TOTO_PAYLOAD_TYPE}`,
    });
  });

  it('a payload that is not JSON', async () => {
    expect(await verify(await sign('{"_type": '))).toEqual({
      ok: false,
      check: 'statement',
      message: 'the in-toto statement is not JSON',
    });
  });

  it('a statement without a subject list', async () => {
    expect(await verify(await sign(statement({ subject: { name: 'a' } })))).toMatchObject({
      ok: false,
      check: 'statement',
      message: 'the in-toto statement has no subject list',
    });
  });

  it('a subject digest in upper case still matches; a predicate checked only when fields are expected', async () => {
    const upper = statement({ subject: [{ name: 'a', digest: { sha256: hex.toUpperCase() } }], predicateType: 'x' });
    const result = await verify(await sign(upper));
    expect(result).toMatchObject({ ok: true, mode: 'key', digest });
    expect(await verify(await sign(upper), {})).toMatchObject({ ok: true });
  });

  it('a predicate that is not SLSA provenance v1 when provenance fields are expected', async () => {
    const bundle = await sign(statement({ predicateType: 'https://spdx.dev/Document', predicate: {} }));
    expect(await verify(bundle, { repository: 'octo-org/app' })).toEqual({
      ok: false,
      check: 'predicate-type',
      message: "predicate type 'https://spdx.dev/Document' is not https://slsa.dev/provenance/v1",
    });
  });

  it('provenance without a workflow: each expected field is named as empty', async () => {
    const bundle = await sign(statement({ predicateType: 'https://slsa.dev/provenance/v1', predicate: {} }));
    expect(await verify(bundle, { repository: 'octo-org/app' })).toMatchObject({
      check: 'predicate.repository',
      message: "provenance repository '' does not match 'octo-org/app'",
    });
    expect(await verify(bundle, { workflowPath: '.github/workflows/release.yml' })).toMatchObject({
      check: 'predicate.workflow',
      message: "provenance workflow '' does not match '.github/workflows/release.yml'",
    });
    expect(await verify(bundle, { ref: 'refs/tags/v1' })).toMatchObject({
      check: 'predicate.ref',
      message: "provenance ref '' does not match 'refs/tags/v1'",
    });
  });

  it('a full repository URL must match exactly; owner/repo matches any server', async () => {
    const workflow = { repository: 'https://github.example.com/octo-org/app', path: 'w.yml', ref: 'refs/heads/main' };
    const bundle = await sign(
      statement({
        predicateType: 'https://slsa.dev/provenance/v1',
        predicate: { buildDefinition: { externalParameters: { workflow } } },
      }),
    );
    expect(
      await verify(bundle, { repository: 'octo-org/app', workflowPath: 'w.yml', ref: 'refs/heads/main' }),
    ).toMatchObject({ ok: true });
    expect(await verify(bundle, { repository: 'https://github.example.com/octo-org/app' })).toMatchObject({ ok: true });
    expect(await verify(bundle, { repository: 'https://github.com/octo-org/app' })).toMatchObject({
      check: 'predicate.repository',
    });
  });
});

describe('keyless signing failures', () => {
  it('a Fulcio that refuses the request names the sigstore error code, not the OIDC token', async () => {
    const token = fakeOidcToken({ sub: 'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main', iss: 'x' });
    const signer = createKeylessSigner({
      // The mock answers 404 below this path.
      fulcioURL: `${mock.fulcioURL}/no-such-ca`,
      rekorURL: mock.rekorURL,
      identityProvider: { getToken: async () => token },
    });
    const error = (await signer.sign(artifact).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^keyless signing failed \([A-Z_]+\): /);
    expect(error.message).not.toMatch(/id-token: write/);
    expect(error.cause).toBeInstanceOf(Error);
  });
});
