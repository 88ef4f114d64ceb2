import { describe, expect, it } from 'vitest';
import { validateCycloneDx } from '../../src/sbom/cyclonedx-validate';
import { collectSbom, type Sbom, toCycloneDx, toSpdx, validateSpdx } from '../../src/sbom/index';
import { fixture } from './fixtures';

/** Every lock format on its fixture project: components, scopes, hashes, graph, and both SBOM formats. */

const NPM_PURLS = [
  'pkg:npm/%40fixture/a@0.1.0',
  'pkg:npm/%40sindresorhus/is@4.6.0',
  'pkg:npm/is-number@6.0.0',
  'pkg:npm/is-number@7.0.0',
  'pkg:npm/is-odd@3.0.1',
  'pkg:npm/kind-of@6.0.3',
  'pkg:npm/ms@2.1.3',
];
const NPM_SCOPES = {
  'pkg:npm/is-odd@3.0.1': 'dev',
  'pkg:npm/kind-of@6.0.3': 'optional',
  'pkg:npm/ms@2.1.3': 'required',
  'pkg:npm/%40sindresorhus/is@4.6.0': 'required',
};
const NPM_EDGES = {
  'pkg:npm/is-odd@3.0.1': ['pkg:npm/is-number@6.0.0'],
  'pkg:npm/%40fixture/a@0.1.0': ['pkg:npm/is-number@6.0.0', 'pkg:npm/ms@2.1.3'],
};

interface Case {
  dir: string;
  format: string;
  root: string;
  purls: string[];
  scopes?: Record<string, string>;
  edges?: Record<string, string[]>;
  /** purl → algorithms of its hashes. */
  hashes?: Record<string, string[]>;
  properties?: Record<string, Record<string, string>>;
  warnings?: RegExp[];
}

const CASES: Case[] = [
  {
    dir: 'npm-v3',
    format: 'package-lock',
    root: 'pkg:npm/sbom-fixture-npm@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
    hashes: { 'pkg:npm/ms@2.1.3': ['SHA-512'], 'pkg:npm/%40fixture/a@0.1.0': [] },
  },
  {
    dir: 'npm-v2',
    format: 'package-lock',
    root: 'pkg:npm/sbom-fixture-npm@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
  },
  {
    dir: 'npm-v1',
    format: 'package-lock',
    root: 'pkg:npm/sbom-fixture-npm@1.0.0',
    purls: NPM_PURLS.filter((p) => !p.includes('fixture')),
    scopes: { ...NPM_SCOPES, 'pkg:npm/is-number@6.0.0': 'dev' },
    edges: { 'pkg:npm/is-odd@3.0.1': ['pkg:npm/is-number@6.0.0'] },
  },
  {
    dir: 'npm-shrinkwrap',
    format: 'npm-shrinkwrap',
    root: 'pkg:npm/sbom-fixture-npm@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
  },
  {
    dir: 'pnpm-v9',
    format: 'pnpm-lock',
    root: 'pkg:npm/sbom-fixture-pnpm@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
  },
  {
    dir: 'pnpm-v6',
    format: 'pnpm-lock',
    root: 'pkg:npm/sbom-fixture-pnpm@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
  },
  {
    dir: 'pnpm-v5',
    format: 'pnpm-lock',
    root: 'pkg:npm/sbom-fixture-pnpm@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
  },
  {
    dir: 'yarn-classic',
    format: 'yarn-classic',
    root: 'pkg:npm/sbom-fixture-yarn1@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
    hashes: { 'pkg:npm/ms@2.1.3': ['SHA-1', 'SHA-512'] },
  },
  {
    dir: 'yarn-berry',
    format: 'yarn-berry',
    root: 'pkg:npm/sbom-fixture-berry@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
    // Berry's checksum digests yarn's cache zip, not the tarball: a property, not a hash.
    hashes: { 'pkg:npm/ms@2.1.3': [] },
    properties: { 'pkg:npm/ms@2.1.3': { 'yarn:checksum': expect.stringMatching(/^10c0\/[0-9a-f]{128}$/) } },
  },
  {
    dir: 'bun',
    format: 'bun-lock',
    root: 'pkg:npm/sbom-fixture-bun@1.0.0',
    purls: NPM_PURLS,
    scopes: NPM_SCOPES,
    edges: NPM_EDGES,
  },
  {
    dir: 'poetry',
    format: 'poetry-lock',
    root: 'pkg:pypi/sbom-fixture-poetry@0.3.0',
    purls: [
      'pkg:pypi/certifi@2024.2.2',
      'pkg:pypi/charset-normalizer@3.3.2',
      'pkg:pypi/idna@3.6',
      'pkg:pypi/iniconfig@2.0.0',
      'pkg:pypi/packaging@23.2',
      'pkg:pypi/pluggy@1.4.0',
      'pkg:pypi/pysocks@1.7.1',
      'pkg:pypi/pytest@8.0.0',
      'pkg:pypi/requests@2.31.0',
      'pkg:pypi/urllib3@2.2.1',
    ],
    scopes: {
      'pkg:pypi/requests@2.31.0': 'required',
      'pkg:pypi/urllib3@2.2.1': 'required',
      'pkg:pypi/pytest@8.0.0': 'dev',
      'pkg:pypi/pluggy@1.4.0': 'dev',
      'pkg:pypi/pysocks@1.7.1': 'optional',
    },
    edges: {
      'pkg:pypi/pytest@8.0.0': ['pkg:pypi/iniconfig@2.0.0', 'pkg:pypi/packaging@23.2', 'pkg:pypi/pluggy@1.4.0'],
    },
    hashes: { 'pkg:pypi/requests@2.31.0': ['SHA-256'], 'pkg:pypi/charset-normalizer@3.3.2': ['SHA-256'] },
  },
  {
    dir: 'uv',
    format: 'uv-lock',
    root: 'pkg:pypi/sbom-fixture-uv@0.1.0',
    purls: [
      'pkg:pypi/anyio@4.3.0',
      'pkg:pypi/click@8.1.7',
      'pkg:pypi/idna@3.6',
      'pkg:pypi/iniconfig@2.0.0',
      'pkg:pypi/pytest@8.0.0',
      'pkg:pypi/sniffio@1.3.1',
    ],
    scopes: {
      'pkg:pypi/anyio@4.3.0': 'required',
      'pkg:pypi/sniffio@1.3.1': 'required',
      'pkg:pypi/click@8.1.7': 'optional',
      'pkg:pypi/iniconfig@2.0.0': 'dev',
    },
    edges: { 'pkg:pypi/anyio@4.3.0': ['pkg:pypi/idna@3.6', 'pkg:pypi/sniffio@1.3.1'] },
    // anyio: one sdist among wheels → its digest; sniffio: one wheel only → that digest.
    hashes: { 'pkg:pypi/anyio@4.3.0': ['SHA-256'], 'pkg:pypi/sniffio@1.3.1': ['SHA-256'] },
  },
  {
    dir: 'pipenv',
    format: 'pipfile-lock',
    root: 'project:pipenv',
    purls: ['pkg:pypi/flask@3.0.2', 'pkg:pypi/itsdangerous@2.1.2', 'pkg:pypi/pytest@8.0.0', 'pkg:pypi/werkzeug@3.0.1'],
    scopes: { 'pkg:pypi/flask@3.0.2': 'required', 'pkg:pypi/pytest@8.0.0': 'dev' },
    // Two digests (which file?) → none; one digest → that one.
    hashes: { 'pkg:pypi/flask@3.0.2': [], 'pkg:pypi/itsdangerous@2.1.2': ['SHA-256'] },
    warnings: [/Pipfile\.lock: "mylib" in "develop" has no pinned version/],
  },
  {
    dir: 'requirements',
    format: 'requirements',
    root: 'project:requirements',
    purls: [
      'pkg:pypi/certifi@2024.2.2',
      'pkg:pypi/django-rest-framework@3.14.0',
      'pkg:pypi/pytest@8.0.0',
      'pkg:pypi/requests@2.31.0',
    ],
    scopes: { 'pkg:pypi/pytest@8.0.0': 'dev', 'pkg:pypi/requests@2.31.0': 'required' },
    hashes: { 'pkg:pypi/certifi@2024.2.2': ['SHA-256'], 'pkg:pypi/requests@2.31.0': [] },
    warnings: [
      /requirements\.txt:10: "urllib3>=2\.0" is not pinned with ==/,
      /requirements\.txt:11: an editable requirement/,
    ],
  },
  {
    dir: 'cargo',
    format: 'cargo-lock',
    root: 'pkg:cargo/sbom-fixture-rs@0.1.0',
    purls: [
      'pkg:cargo/cfg-if@1.0.0',
      'pkg:cargo/fastrand@2.0.1',
      'pkg:cargo/gitdep@0.4.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Fgitdep%400123456789abcdef0123456789abcdef01234567',
      'pkg:cargo/helper@0.2.0',
      'pkg:cargo/itoa@1.0.10',
      'pkg:cargo/serde@1.0.197',
      'pkg:cargo/serde_derive@1.0.197',
      'pkg:cargo/tempfile@3.10.1',
    ],
    scopes: {
      'pkg:cargo/serde_derive@1.0.197': 'required',
      'pkg:cargo/tempfile@3.10.1': 'dev',
      'pkg:cargo/fastrand@2.0.1': 'dev',
      'pkg:cargo/itoa@1.0.10': 'required',
    },
    edges: {
      'pkg:cargo/helper@0.2.0': ['pkg:cargo/itoa@1.0.10'],
      'pkg:cargo/serde@1.0.197': ['pkg:cargo/serde_derive@1.0.197'],
    },
    hashes: { 'pkg:cargo/serde@1.0.197': ['SHA-256'], 'pkg:cargo/helper@0.2.0': [] },
  },
  {
    dir: 'go',
    format: 'go-mod',
    root: 'pkg:golang/github.com/example/sbom-fixture',
    purls: [
      'pkg:golang/example.com/local@v0.0.0-00010101000000-000000000000',
      'pkg:golang/github.com/inconshreveable/mousetrap@v1.1.0',
      'pkg:golang/github.com/spf13/cobra@v1.8.0',
      'pkg:golang/github.com/spf13/pflag@v1.0.5',
      'pkg:golang/golang.org/x/text@v0.15.0',
    ],
    hashes: { 'pkg:golang/github.com/spf13/cobra@v1.8.0': [] },
    properties: {
      'pkg:golang/github.com/spf13/cobra@v1.8.0': { 'go:sum': expect.stringMatching(/^h1:[A-Za-z0-9+/]{43}=$/) },
      'pkg:golang/github.com/spf13/pflag@v1.0.5': { 'go:indirect': 'true' },
      'pkg:golang/golang.org/x/text@v0.15.0': { 'go:replaces': 'golang.org/x/text@v0.14.0' },
      'pkg:golang/example.com/local@v0.0.0-00010101000000-000000000000': { 'go:replace-path': '../local' },
    },
  },
  {
    dir: 'composer',
    format: 'composer-lock',
    root: 'pkg:composer/example/sbom-fixture',
    purls: [
      'pkg:composer/myclabs/deep-copy@1.11.1',
      'pkg:composer/phpunit/phpunit@10.5.10',
      'pkg:composer/psr/log@3.0.0',
      'pkg:composer/symfony/console@v6.4.4',
      'pkg:composer/symfony/polyfill-mbstring@v1.29.0',
    ],
    scopes: {
      'pkg:composer/phpunit/phpunit@10.5.10': 'dev',
      'pkg:composer/symfony/polyfill-mbstring@v1.29.0': 'required',
    },
    edges: { 'pkg:composer/symfony/console@v6.4.4': ['pkg:composer/symfony/polyfill-mbstring@v1.29.0'] },
    // An empty shasum is no hash.
    hashes: { 'pkg:composer/psr/log@3.0.0': ['SHA-1'], 'pkg:composer/symfony/console@v6.4.4': [] },
  },
  {
    dir: 'gemfile',
    format: 'gemfile-lock',
    root: 'project:gemfile',
    purls: [
      'pkg:gem/base64@0.2.0',
      'pkg:gem/gitgem@0.1.0',
      'pkg:gem/nokogiri@1.16.2?platform=x86_64-linux',
      'pkg:gem/racc@1.7.3',
      'pkg:gem/rack-test@2.1.0',
      'pkg:gem/rack@3.0.9',
      'pkg:gem/sbom-fixture@0.4.0',
    ],
    edges: {
      'pkg:gem/rack-test@2.1.0': ['pkg:gem/rack@3.0.9'],
      'pkg:gem/nokogiri@1.16.2?platform=x86_64-linux': ['pkg:gem/racc@1.7.3'],
    },
    hashes: { 'pkg:gem/rack@3.0.9': ['SHA-256'], 'pkg:gem/gitgem@0.1.0': [] },
  },
];

describe.each(CASES)('$dir', (c) => {
  let sbom: Sbom;
  it('reads the lock into components, scopes, hashes and a graph', async () => {
    sbom = await collectSbom({ workingDirectory: fixture(c.dir) });
    expect(sbom.locks.map((l) => l.format)).toContain(c.format);
    expect(sbom.root.bomRef).toBe(c.root);
    expect(sbom.components.map((x) => x.purl).sort()).toEqual([...c.purls].sort());
    const byPurl = new Map(sbom.components.map((x) => [x.purl, x]));
    for (const [purl, scope] of Object.entries(c.scopes ?? {})) expect(byPurl.get(purl)?.scope, purl).toBe(scope);
    for (const [purl, targets] of Object.entries(c.edges ?? {}))
      expect(sbom.dependencies.get(purl), purl).toEqual(targets);
    for (const [purl, algs] of Object.entries(c.hashes ?? {}))
      expect(
        byPurl
          .get(purl)
          ?.hashes.map((h) => h.alg)
          .sort(),
        purl,
      ).toEqual(algs);
    for (const [purl, props] of Object.entries(c.properties ?? {})) {
      const actual = Object.fromEntries((byPurl.get(purl)?.properties ?? []).map((p) => [p.name, p.value]));
      expect(actual, purl).toMatchObject(props);
    }
    for (const h of sbom.components.flatMap((x) => x.hashes)) expect(h.content).toMatch(/^[0-9a-f]+$/);
    // Every component hangs from the project somewhere.
    const reached = new Set<string>();
    const queue = [sbom.root.bomRef];
    for (let ref = queue.pop(); ref; ref = queue.pop())
      for (const to of sbom.dependencies.get(ref) ?? []) if (!reached.has(to) && reached.add(to)) queue.push(to);
    expect(sbom.components.filter((x) => !reached.has(x.bomRef)).map((x) => x.purl)).toEqual([]);
    expect(sbom.warnings).toHaveLength(c.warnings?.length ?? 0);
    for (const pattern of c.warnings ?? [])
      expect(
        sbom.warnings.some((w) => pattern.test(w)),
        String(pattern),
      ).toBe(true);
  });

  it('writes CycloneDX 1.6 that the official schema accepts, the same bytes twice', async () => {
    const json = toCycloneDx(sbom);
    expect(await validateCycloneDx(json)).toBeNull();
    const again = toCycloneDx(await collectSbom({ workingDirectory: fixture(c.dir) }));
    expect(again).toBe(json);
    const bom = JSON.parse(json);
    expect(bom.specVersion).toBe('1.6');
    expect(bom.serialNumber).toBeUndefined();
    expect(bom.metadata.timestamp).toBeUndefined();
    expect(bom.metadata.component['bom-ref']).toBe(c.root);
    expect(bom.components).toHaveLength(c.purls.length);
  });

  it('writes SPDX 2.3 that the official schema accepts, the same bytes twice', async () => {
    const json = toSpdx(sbom);
    expect(validateSpdx(json)).toBeNull();
    expect(toSpdx(await collectSbom({ workingDirectory: fixture(c.dir) }))).toBe(json);
    const doc = JSON.parse(json);
    expect(doc.documentNamespace).toMatch(/^https:\/\/spdx\.org\/spdxdocs\/.+-[0-9a-f]{64}$/);
    expect(doc.creationInfo.created).toBe('1970-01-01T00:00:00Z');
    expect(doc.packages).toHaveLength(c.purls.length + 1);
    const purls = doc.packages.flatMap((p: { externalRefs?: { referenceLocator: string }[] }) =>
      (p.externalRefs ?? []).map((r) => r.referenceLocator),
    );
    for (const purl of c.purls) expect(purls).toContain(purl);
    expect(
      doc.relationships.filter((r: { relationshipType: string }) => r.relationshipType === 'DESCRIBES'),
    ).toHaveLength(1);
  });
});
