import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import { loadTrustedRoot, type VerifyPolicy, type VerifyResult, verifyBundleFile } from '../../src/signing';

// Cases of the Sigstore client conformance suite (sigstore/sigstore-conformance
// test/assets/bundle-verify), verified in place and offline; see SOURCES.md there.
const ROOT = resolve(import.meta.dirname, '../../../../../shared/fixtures/sigstore/bundle-verify');
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

const cases = existsSync(ROOT)
  ? readdirSync(ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
  : [];

function read(dir: string, name: string): string | undefined {
  const file = join(dir, name);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

async function policyFor(dir: string): Promise<VerifyPolicy> {
  const key = read(dir, 'key.pub');
  const trustedRoot = existsSync(join(dir, 'trusted_root.json'))
    ? await loadTrustedRoot(join(dir, 'trusted_root.json'))
    : undefined;
  return key
    ? { publicKey: key, trustedRoot }
    : {
        certificateIdentity: read(dir, 'identity') ?? DEFAULT_IDENTITY,
        certificateIssuer: read(dir, 'issuer') ?? DEFAULT_ISSUER,
        trustedRoot,
      };
}

async function outcome(run: () => Promise<VerifyResult>): Promise<string> {
  try {
    const result = await run();
    return result.ok ? 'ok' : `rejected [${result.check}] ${result.message}`;
  } catch (error) {
    return `rejected (thrown) ${(error as Error).message}`;
  }
}

describeConformance('sigstore/bundle-verify', 'sigstore-conformance bundle-verify cases', () => {
  for (const name of cases) {
    const dir = join(ROOT, name);
    const shouldFail = name.endsWith('_fail');
    const artifact = existsSync(join(dir, 'artifact')) ? join(dir, 'artifact') : join(ROOT, 'a.txt');
    const digest = `sha256:${createHash('sha256').update(readFileSync(artifact)).digest('hex')}`;

    for (const [how, input] of [
      ['by artifact path', { path: artifact }],
      ['by digest', { digest }],
    ] as const) {
      it(`${name} ${how}: ${shouldFail ? 'rejected' : 'verifies'}`, async () => {
        const result = await outcome(async () =>
          verifyBundleFile(join(dir, 'bundle.sigstore.json'), input, await policyFor(dir)),
        );
        console.log(`[conformance] ${name} ${how}: ${result}`);
        if (shouldFail) expect(result).toMatch(/^rejected/);
        else expect(result).toBe('ok');
      });
    }
  }
});
