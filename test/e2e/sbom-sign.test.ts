import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAction } from '../harness/run-action';
import { describeConformance } from '../support/requirements';

const actionDir = fileURLToPath(new URL('../../actions/sbom-sign', import.meta.url));
const fixtures = fileURLToPath(new URL('../../packages/supply-chain/test/fixtures/', import.meta.url));
const shared = fileURLToPath(new URL('../../../shared/fixtures/sigstore/bundle-verify/', import.meta.url));
const run = (options: Parameters<typeof runAction>[0]) => runAction({ token: 'ghs_test', ...options });

/** A workspace holding the npm v3 fixture project (its lock written by npm 11) and one build artifact. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-sbom-e2e-'));
  cpSync(join(fixtures, 'sbom', 'npm-v3'), dir, { recursive: true });
  writeFileSync(join(dir, 'app.tgz'), 'pretend this is a release tarball\n');
  return dir;
}

describe('sbom-sign bundle, run as the runner runs it (node24)', () => {
  it('writes a reproducible CycloneDX and SPDX SBOM without signing', async () => {
    const workspace = project();
    // A checkout: SPDX's created is the commit's time, so the same commit gives the same bytes.
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: workspace,
        env: {
          PATH: process.env.PATH,
          HOME: workspace,
          GIT_AUTHOR_NAME: 'ccm',
          GIT_AUTHOR_EMAIL: 'ccm@example.com',
          GIT_COMMITTER_NAME: 'ccm',
          GIT_COMMITTER_EMAIL: 'ccm@example.com',
          GIT_COMMITTER_DATE: '2025-01-02T03:04:05Z',
        },
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'release');
    const first = await run({
      actionDir,
      workspace,
      inputs: { signing: 'none', 'sbom-format': 'cyclonedx-json,spdx-json', 'output-directory': 'out1' },
    });
    const second = await run({
      actionDir,
      workspace,
      inputs: { signing: 'none', 'sbom-format': 'cyclonedx-json,spdx-json', 'output-directory': 'out2' },
    });
    expect(first.exitCode).toBe(0);
    const cdx = JSON.parse(readFileSync(first.outputs['sbom-path'] as string, 'utf8'));
    expect(cdx.specVersion).toBe('1.6');
    expect(cdx.components.map((c: { purl: string }) => c.purl)).toContain('pkg:npm/is-number@7.0.0');
    expect(readFileSync(join(workspace, 'out1', 'sbom.cdx.json'))).toEqual(
      readFileSync(join(workspace, 'out2', 'sbom.cdx.json')),
    );
    expect(readFileSync(join(workspace, 'out1', 'sbom.spdx.json'))).toEqual(
      readFileSync(join(workspace, 'out2', 'sbom.spdx.json')),
    );
    expect(JSON.parse(readFileSync(join(workspace, 'out1', 'sbom.spdx.json'), 'utf8')).creationInfo.created).toBe(
      '2025-01-02T03:04:05Z',
    );
    expect(Object.keys(JSON.parse(first.outputs.digests as string))).toEqual(['sbom.cdx.json', 'sbom.spdx.json']);
    expect(first.summary).toContain('sbom-sign:');
    expect(second.exitCode).toBe(0);
  });

  it('signs with a key, attests provenance, and verifies; a tampered artifact is rejected by name', async () => {
    const workspace = project();
    const privateKey = readFileSync(join(fixtures, 'signing', 'key.pem'), 'utf8');
    const signed = await run({
      actionDir,
      workspace,
      inputs: { signing: 'key', 'private-key': privateKey, 'subject-path': '*.tgz', 'output-directory': 'out' },
    });
    expect(signed.exitCode).toBe(0);
    expect(signed.log).not.toContain('PRIVATE KEY');
    const bundles = JSON.parse(signed.outputs['bundle-paths'] as string) as string[];
    expect(bundles.map((b) => b.slice(workspace.length + 1))).toEqual([
      'out/sbom.cdx.json.sigstore.json',
      'out/app.tgz.sigstore.json',
      'out/provenance.sigstore.json',
    ]);
    expect(existsSync(join(workspace, 'app.tgz.sig'))).toBe(true);

    const verify = (inputs: Record<string, string>) =>
      run({
        actionDir,
        workspace,
        inputs: { mode: 'verify', 'public-key': join(fixtures, 'signing', 'key.pub'), ...inputs },
      });
    expect((await verify({ bundle: 'out/app.tgz.sigstore.json', artifact: 'app.tgz' })).exitCode).toBe(0);
    const provenance = {
      bundle: 'out/provenance.sigstore.json',
      artifact: 'app.tgz',
      'provenance-repository': 'ccm-test/sample',
    };
    expect(
      (
        await verify({
          ...provenance,
          'provenance-workflow': '.github/workflows/ci.yml',
          'provenance-ref': 'refs/heads/main',
        })
      ).exitCode,
    ).toBe(0);
    const otherRef = await verify({ ...provenance, 'provenance-ref': 'refs/tags/v1.0.0' });
    expect(otherRef.exitCode).toBe(1);
    expect(otherRef.annotations.map((a) => a.message)).toContain(
      "verify: provenance ref 'refs/heads/main' does not match 'refs/tags/v1.0.0'",
    );

    writeFileSync(join(workspace, 'app.tgz'), 'tampered\n');
    const tampered = await verify({ bundle: 'out/app.tgz.sigstore.json', artifact: 'app.tgz' });
    expect(tampered.exitCode).toBe(1);
    expect(tampered.annotations.map((a) => a.message).join('\n')).toMatch(
      /^verify: artifact digest sha256:[0-9a-f]+ .*does not match/m,
    );

    const wrongKey = await run({
      actionDir,
      workspace,
      inputs: {
        mode: 'verify',
        'public-key': join(fixtures, 'signing', 'other-key.pub'),
        bundle: 'out/sbom.cdx.json.sigstore.json',
        artifact: 'out/sbom.cdx.json',
      },
    });
    expect(wrongKey.exitCode).toBe(1);
    expect(wrongKey.annotations.map((a) => a.message).join('\n')).toMatch(/^verify: /m);
  });

  it('fails with the input named when signing: key has no key', async () => {
    const result = await run({ actionDir, workspace: project(), inputs: { signing: 'key' } });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.map((a) => a.message)).toContain('input private-key: is required with signing: key');
  });

  describeConformance(
    'sigstore/bundle-verify',
    'verifies a bundle signed on the public-good instance, offline, with the shipped root',
    () => {
      it('by digest, with identity and issuer', async () => {
        const artifact = readFileSync(join(shared, 'a.txt'));
        const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
        const workspace = mkdtempSync(join(tmpdir(), 'ccm-verify-e2e-'));
        cpSync(join(shared, 'happy-path-v0.3', 'bundle.sigstore.json'), join(workspace, 'bundle.json'));
        const result = await run({
          actionDir,
          workspace,
          inputs: {
            mode: 'verify',
            bundle: 'bundle.json',
            artifact: digest,
            'certificate-identity':
              'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
            'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
          },
        });
        expect(result.exitCode, result.log).toBe(0);
        expect(result.summary).toContain('verified');
      });
    },
  );
});
