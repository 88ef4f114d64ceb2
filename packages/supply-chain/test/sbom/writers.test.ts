import { createHash } from 'node:crypto';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { describe, expect, it } from 'vitest';
import { validateCycloneDx } from '../../src/sbom/cyclonedx-validate';
import { hashesFromSri } from '../../src/sbom/hashes';
import { collectSbom, type Sbom, sourceDateEpochFrom, toCycloneDx, toSpdx, validateSpdx } from '../../src/sbom/index';
import { isSpdxExpression } from '../../src/sbom/licenses';
import { purlFor } from '../../src/sbom/purl';
import { fixture } from './fixtures';

/** The two writers' options and mappings, and the small conversions they rely on. */

function small(licenses: string[][]): Sbom {
  const components = licenses.map((l, i) => ({
    name: `p${i}`,
    version: '1.0.0',
    purl: `pkg:npm/p${i}@1.0.0`,
    bomRef: `pkg:npm/p${i}@1.0.0`,
    hashes: [],
    licenses: l,
    scope: 'required' as const,
    ecosystem: 'npm' as const,
    properties: [],
  }));
  return {
    root: {
      name: 'root',
      version: '1.0.0',
      purl: 'pkg:npm/root@1.0.0',
      bomRef: 'pkg:npm/root@1.0.0',
      licenses: ['MIT'],
    },
    components,
    dependencies: new Map([['pkg:npm/root@1.0.0', components.map((c) => c.bomRef)]]),
    locks: [],
    warnings: [],
  };
}

describe('reproducibility options', () => {
  it('reproducible: false adds a timestamp and a random serial number (CycloneDX) and a random namespace (SPDX)', async () => {
    const sbom = await collectSbom({ workingDirectory: fixture('npm-v3') });
    const options = {
      reproducible: false,
      now: () => new Date('2024-05-06T07:08:09.123Z'),
      randomUUID: () => '0b2e7e5c-5c7e-4f6b-9a8e-2f8c1c7f0a11',
    };
    const cdx = JSON.parse(toCycloneDx(sbom, options));
    expect(cdx.serialNumber).toBe('urn:uuid:0b2e7e5c-5c7e-4f6b-9a8e-2f8c1c7f0a11');
    expect(cdx.metadata.timestamp).toBe('2024-05-06T07:08:09.123Z');
    expect(await validateCycloneDx(JSON.stringify(cdx))).toBeNull();
    const spdx = toSpdx(sbom, options);
    expect(validateSpdx(spdx)).toBeNull();
    expect(JSON.parse(spdx).creationInfo.created).toBe('2024-05-06T07:08:09Z');
    expect(JSON.parse(spdx).documentNamespace).toBe(
      'https://spdx.org/spdxdocs/sbom-fixture-npm-0b2e7e5c-5c7e-4f6b-9a8e-2f8c1c7f0a11',
    );
    // Without the ports, two runs differ.
    expect(toCycloneDx(sbom, { reproducible: false })).not.toBe(toCycloneDx(sbom, { reproducible: false }));
  });

  it('SOURCE_DATE_EPOCH sets the creation time and keeps the output reproducible', async () => {
    const sbom = await collectSbom({ workingDirectory: fixture('npm-v3') });
    const sourceDateEpoch = sourceDateEpochFrom({ SOURCE_DATE_EPOCH: '1700000000' });
    expect(sourceDateEpoch).toBe(1_700_000_000);
    const spdx = JSON.parse(toSpdx(sbom, { sourceDateEpoch }));
    expect(spdx.creationInfo.created).toBe('2023-11-14T22:13:20Z');
    expect(JSON.parse(toCycloneDx(sbom, { sourceDateEpoch })).metadata.timestamp).toBe('2023-11-14T22:13:20.000Z');
    expect(toSpdx(sbom, { sourceDateEpoch })).toBe(toSpdx(sbom, { sourceDateEpoch }));
    expect(sourceDateEpochFrom({})).toBeUndefined();
    expect(() => sourceDateEpochFrom({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(ConfigurationError);
  });

  it('the SPDX namespace follows the content', async () => {
    const a = JSON.parse(toSpdx(await collectSbom({ workingDirectory: fixture('npm-v3') })));
    const b = JSON.parse(toSpdx(await collectSbom({ workingDirectory: fixture('pnpm-v9') })));
    expect(a.documentNamespace).not.toBe(b.documentNamespace);
  });

  it('records the tool that made the SBOM', async () => {
    const sbom = small([]);
    const tool = { name: 'ccm-sbom-sign', version: '1.2.3' };
    expect(JSON.parse(toCycloneDx(sbom, { tool })).metadata.tools.components[0]).toMatchObject(tool);
    expect(JSON.parse(toSpdx(sbom, { tool })).creationInfo.creators).toEqual(['Tool: ccm-sbom-sign-1.2.3']);
  });
});

describe('licenses', () => {
  it('maps ids, expressions, alternatives and free text to both formats, valid under both schemas', async () => {
    const sbom = small([
      ['MIT'],
      ['MIT OR Apache-2.0'],
      ['LGPL-2.1-only', 'GPL-3.0-or-later'],
      ['Some Custom License'],
      [],
    ]);
    const cdx = JSON.parse(toCycloneDx(sbom));
    expect(await validateCycloneDx(JSON.stringify(cdx))).toBeNull();
    const licenses = Object.fromEntries(
      cdx.components.map((c: { name: string; licenses?: unknown }) => [c.name, c.licenses]),
    );
    expect(licenses.p0).toEqual([{ license: { id: 'MIT' } }]);
    expect(licenses.p1).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(licenses.p2).toEqual([{ expression: 'LGPL-2.1-only OR GPL-3.0-or-later' }]);
    expect(licenses.p3).toEqual([{ license: { name: 'Some Custom License' } }]);
    expect(licenses.p4).toBeUndefined();
    const spdx = JSON.parse(toSpdx(sbom));
    expect(validateSpdx(JSON.stringify(spdx))).toBeNull();
    const declared = Object.fromEntries(
      spdx.packages.map((p: { name: string; licenseDeclared: string }) => [p.name, p.licenseDeclared]),
    );
    expect(declared).toMatchObject({
      root: 'MIT',
      p0: 'MIT',
      p1: 'MIT OR Apache-2.0',
      p2: 'LGPL-2.1-only OR GPL-3.0-or-later',
      p3: 'NOASSERTION',
      p4: 'NOASSERTION',
    });
  });

  it('checks SPDX expression syntax', () => {
    expect(isSpdxExpression('(MIT OR Apache-2.0) AND BSD-3-Clause')).toBe(true);
    expect(isSpdxExpression('GPL-2.0-or-later WITH Classpath-exception-2.0')).toBe(true);
    expect(isSpdxExpression('LicenseRef-Custom')).toBe(true);
    expect(isSpdxExpression('MIT OR')).toBe(false);
    expect(isSpdxExpression('(MIT')).toBe(false);
    expect(isSpdxExpression('Not A License')).toBe(false);
  });
});

describe('conversions', () => {
  it('decodes SRI integrity to the hex digest of the same bytes', () => {
    const bytes = Buffer.from('tarball bytes');
    const sha512 = createHash('sha512').update(bytes).digest();
    const sha1 = createHash('sha1').update(bytes).digest();
    expect(hashesFromSri(`sha512-${sha512.toString('base64')} sha1-${sha1.toString('base64')}`)).toEqual([
      { alg: 'SHA-512', content: sha512.toString('hex') },
      { alg: 'SHA-1', content: sha1.toString('hex') },
    ]);
    expect(hashesFromSri('md5-abc sha512-short')).toEqual([]);
  });

  it('builds purls per ecosystem', () => {
    expect(purlFor('npm', '@sindresorhus/is', '4.6.0')).toBe('pkg:npm/%40sindresorhus/is@4.6.0');
    expect(purlFor('pypi', 'Django_REST..framework', '3.14.0')).toBe('pkg:pypi/django-rest-framework@3.14.0');
    expect(purlFor('golang', 'github.com/spf13/cobra', 'v1.8.0')).toBe('pkg:golang/github.com/spf13/cobra@v1.8.0');
    expect(purlFor('composer', 'symfony/console', 'v6.4.4')).toBe('pkg:composer/symfony/console@v6.4.4');
    expect(purlFor('cargo', 'serde', '1.0.197')).toBe('pkg:cargo/serde@1.0.197');
    expect(purlFor('gem', 'nokogiri', '1.16.2', { platform: 'x86_64-linux' })).toBe(
      'pkg:gem/nokogiri@1.16.2?platform=x86_64-linux',
    );
  });

  it('writes npm scopes and composer vendors as CycloneDX groups, dev scope as excluded', async () => {
    const npm = JSON.parse(toCycloneDx(await collectSbom({ workingDirectory: fixture('npm-v3') })));
    const is = npm.components.find((c: { purl: string }) => c.purl === 'pkg:npm/%40sindresorhus/is@4.6.0');
    expect(is).toMatchObject({ group: '@sindresorhus', name: 'is', scope: 'required' });
    expect(is.hashes).toEqual([{ alg: 'SHA-512', content: expect.stringMatching(/^[0-9a-f]{128}$/) }]);
    expect(npm.components.find((c: { name: string }) => c.name === 'is-odd').scope).toBe('excluded');
    expect(
      npm.dependencies.find((d: { ref: string }) => d.ref === 'pkg:npm/sbom-fixture-npm@1.0.0').dependsOn,
    ).toHaveLength(6);
    const php = JSON.parse(toCycloneDx(await collectSbom({ workingDirectory: fixture('composer') })));
    expect(php.metadata.component.licenses).toEqual([{ expression: 'MIT OR GPL-3.0-or-later' }]);
    expect(php.components.find((c: { name: string }) => c.name === 'console')).toMatchObject({ group: 'symfony' });
  });

  it('writes dev and optional packages as SPDX relationships to the project', async () => {
    const spdx = JSON.parse(toSpdx(await collectSbom({ workingDirectory: fixture('npm-v3') })));
    const types = spdx.relationships.map((r: { relationshipType: string }) => r.relationshipType);
    expect(types.filter((t: string) => t === 'DEV_DEPENDENCY_OF')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'OPTIONAL_DEPENDENCY_OF')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'DEPENDS_ON').length).toBeGreaterThanOrEqual(9);
    const ms = spdx.packages.find((p: { name: string }) => p.name === 'ms');
    expect(ms.checksums).toEqual([{ algorithm: 'SHA512', checksumValue: expect.stringMatching(/^[0-9a-f]{128}$/) }]);
    expect(ms.SPDXID).toMatch(/^SPDXRef-Package-ms-2\.1\.3-[0-9a-f]{12}$/);
  });
});
