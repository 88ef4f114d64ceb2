import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SerializedBundle } from '@sigstore/bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_MEDIA_TYPE,
  buildProvenance,
  createKeylessSigner,
  createKeySigner,
  type GitHubContext,
  IN_TOTO_PAYLOAD_TYPE,
  loadTrustedRoot,
  parseBundleJSON,
  type Signer,
  signStatement,
  type VerifyPolicy,
  type VerifyResult,
  verifyBundle,
} from '../../src/signing';
import { fakeOidcToken, type MockSigstore, startMockSigstore } from './mock-sigstore';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/signing');
const IDENTITY = 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';

const GITHUB: GitHubContext = {
  repository: 'octo-org/app',
  repositoryId: '123',
  ownerId: '456',
  workflowRef: 'octo-org/app/.github/workflows/release.yml@refs/heads/main',
  sha: 'a'.repeat(40),
  ref: 'refs/heads/main',
  eventName: 'push',
  runId: '99',
  runAttempt: '1',
  serverUrl: 'https://github.com',
  runnerEnvironment: 'github-hosted',
};

interface Adapter {
  signer: Signer;
  policy: VerifyPolicy;
  /** The same policy naming someone else as the signer. */
  wrongSigner: VerifyPolicy;
  wrongSignerCheck: string[];
}

let dir: string;
let mock: MockSigstore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccm-signing-'));
  mock = await startMockSigstore();
});
afterAll(async () => {
  await mock?.close();
  await rm(dir, { recursive: true, force: true });
});

const adapters: Record<string, () => Promise<Adapter>> = {
  'key pair (ECDSA P-256)': async () => {
    const signer = createKeySigner(await readFile(join(FIXTURES, 'key.pem'), 'utf8'));
    return {
      signer,
      policy: { publicKey: await readFile(join(FIXTURES, 'key.pub'), 'utf8') },
      wrongSigner: { publicKey: await readFile(join(FIXTURES, 'other-key.pub'), 'utf8') },
      wrongSignerCheck: ['public-key'],
    };
  },
  'keyless (Fulcio + Rekor test doubles)': async () => {
    const token = fakeOidcToken({ sub: IDENTITY, iss: ISSUER });
    const signer = createKeylessSigner({
      fulcioURL: mock.fulcioURL,
      rekorURL: mock.rekorURL,
      identityProvider: { getToken: async () => token },
    });
    const rootFile = join(dir, 'mock-trusted-root.json');
    await writeFile(rootFile, JSON.stringify(mock.trustedRoot));
    const trustedRoot = await loadTrustedRoot(rootFile);
    const policy = { trustedRoot, certificateIdentity: IDENTITY, certificateIssuer: ISSUER, ctLogThreshold: 0 };
    return {
      signer,
      policy,
      wrongSigner: {
        ...policy,
        certificateIdentity: 'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main',
      },
      wrongSignerCheck: ['certificate-identity'],
    };
  },
};

const failedCheck = (result: VerifyResult) => (result.ok ? 'ok' : result.check);

for (const [name, make] of Object.entries(adapters)) {
  describe(`Signer contract: ${name}`, () => {
    let adapter: Adapter;
    let artifact: string;
    let artifactBytes: Buffer;
    let digest: string;
    beforeAll(async () => {
      adapter = await make();
      artifactBytes = Buffer.from(`release artifact for ${name}\n`);
      artifact = join(dir, `${adapter.signer.mode}-artifact.tgz`);
      await writeFile(artifact, artifactBytes);
      digest = `sha256:${createHash('sha256').update(artifactBytes).digest('hex')}`;
    });

    const parsed = (bundle: SerializedBundle) => parseBundleJSON(JSON.parse(JSON.stringify(bundle)), 'bundle.json');

    describe('artifact (message signature)', () => {
      let bundle: SerializedBundle;
      beforeAll(async () => {
        const started = performance.now();
        bundle = await adapter.signer.sign(artifactBytes);
        console.log(`[timing] ${name}: sign artifact ${(performance.now() - started).toFixed(1)} ms`);
      });

      it('writes a bundle with a message signature', () => {
        // sigstore-js writes keyless message signatures as v0.2 (certificate chain); ours are v0.3.
        if (adapter.signer.mode === 'key') expect(bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE);
        expect(bundle.messageSignature?.messageDigest?.digest).toBe(
          Buffer.from(digest.slice(7), 'hex').toString('base64'),
        );
      });

      it('verifies by artifact path and by digest', async () => {
        const started = performance.now();
        const byPath = await verifyBundle(parsed(bundle), { path: artifact }, adapter.policy);
        console.log(`[timing] ${name}: verify artifact ${(performance.now() - started).toFixed(1)} ms`);
        expect(byPath).toMatchObject({ ok: true, mode: adapter.signer.mode, digest });
        expect(await verifyBundle(parsed(bundle), { digest }, adapter.policy)).toMatchObject({ ok: true });
      });

      it('rejects a tampered artifact', async () => {
        const tampered = join(dir, `${adapter.signer.mode}-tampered.tgz`);
        await writeFile(tampered, Buffer.concat([artifactBytes, Buffer.from('!')]));
        const result = await verifyBundle(parsed(bundle), { path: tampered }, adapter.policy);
        expect(failedCheck(result)).toBe('artifact');
        expect(result.ok ? '' : result.message).toMatch(/artifact digest sha256:[0-9a-f]{64} .* does not match/);
      });

      it('rejects the wrong signer', async () => {
        const result = await verifyBundle(parsed(bundle), { path: artifact }, adapter.wrongSigner);
        expect(adapter.wrongSignerCheck).toContain(failedCheck(result));
      });

      it('rejects a tampered signature, by path and by digest', async () => {
        const copy = structuredClone(bundle);
        const sig = Buffer.from(copy.messageSignature?.signature ?? '', 'base64');
        sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 1;
        if (copy.messageSignature) copy.messageSignature.signature = sig.toString('base64');
        for (const input of [{ path: artifact }, { digest }]) {
          const result = await verifyBundle(parsed(copy), input, adapter.policy);
          expect(result.ok).toBe(false);
        }
      });
    });

    describe('attestation (SLSA provenance in DSSE)', () => {
      let bundle: SerializedBundle;
      beforeAll(async () => {
        const statement = buildProvenance(GITHUB, [{ name: 'artifact.tgz', digest: { sha256: digest.slice(7) } }]);
        const started = performance.now();
        bundle = await signStatement(adapter.signer, statement);
        console.log(`[timing] ${name}: sign provenance ${(performance.now() - started).toFixed(1)} ms`);
      });

      it('writes a DSSE envelope with the in-toto statement', () => {
        expect(bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE);
        expect(bundle.dsseEnvelope?.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
        const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString());
        expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1');
      });

      it('verifies the subject digest and expected predicate fields, by path and by digest', async () => {
        const policy = {
          ...adapter.policy,
          expect: { repository: 'octo-org/app', workflowPath: '.github/workflows/release.yml', ref: 'refs/heads/main' },
        };
        const result = await verifyBundle(parsed(bundle), { path: artifact }, policy);
        expect(result).toMatchObject({ ok: true, statement: { subject: [{ name: 'artifact.tgz' }] } });
        expect(await verifyBundle(parsed(bundle), { digest }, policy)).toMatchObject({ ok: true });
        const full = { ...policy, expect: { repository: 'https://github.com/octo-org/app' } };
        expect(await verifyBundle(parsed(bundle), { digest }, full)).toMatchObject({ ok: true });
      });

      it('names each failed predicate check', async () => {
        for (const [expect_, check] of [
          [{ repository: 'octo-org/other' }, 'predicate.repository'],
          [{ workflowPath: '.github/workflows/ci.yml' }, 'predicate.workflow'],
          [{ ref: 'refs/heads/dev' }, 'predicate.ref'],
        ] as const) {
          const result = await verifyBundle(parsed(bundle), { digest }, { ...adapter.policy, expect: expect_ });
          expect(failedCheck(result)).toBe(check);
        }
      });

      it('rejects an artifact that is not a subject', async () => {
        const other = `sha256:${'b'.repeat(64)}`;
        const result = await verifyBundle(parsed(bundle), { digest: other }, adapter.policy);
        expect(failedCheck(result)).toBe('subject-digest');
        expect(result.ok ? '' : result.message).toContain(`subject digest ${other} does not match`);
      });

      it('rejects the wrong signer', async () => {
        const result = await verifyBundle(parsed(bundle), { digest }, adapter.wrongSigner);
        expect(adapter.wrongSignerCheck).toContain(failedCheck(result));
      });

      it('rejects a tampered envelope (a subject swapped in the payload)', async () => {
        const copy = structuredClone(bundle);
        const envelope = copy.dsseEnvelope;
        if (!envelope) throw new Error('no envelope');
        const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString());
        statement.subject[0].digest.sha256 = 'c'.repeat(64);
        envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
        const result = await verifyBundle(parsed(copy), { digest: `sha256:${'c'.repeat(64)}` }, adapter.policy);
        expect(result.ok).toBe(false);
        expect(['signature', 'public-key', 'transparency-log']).toContain(failedCheck(result));
      });

      it('rejects a tampered payload type', async () => {
        const copy = structuredClone(bundle);
        if (copy.dsseEnvelope) copy.dsseEnvelope.payloadType = 'application/json';
        const result = await verifyBundle(parsed(copy), { digest }, adapter.policy);
        expect(result.ok).toBe(false);
      });
    });
  });
}
