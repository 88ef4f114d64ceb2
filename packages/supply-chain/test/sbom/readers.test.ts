import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { collectSbom, type Sbom } from '../../src/sbom/index';
import { pyprojectDirect } from '../../src/sbom/python';

/**
 * Reader behaviour the fixture projects do not reach: older lock versions (Cargo v1's [metadata]
 * checksums), git sources, virtual workspaces, target-specific dev-dependencies, JSONC comments in
 * bun.lock, yarn classic workspace globs, pyproject.toml's every way of declaring a dependency, and
 * the entries a reader leaves out with a warning. Each project is small and written inline, in the
 * syntax its tool documents.
 */

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ccm-sbom-readers-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

const sbomOf = async (files: Record<string, string>) => collectSbom({ workingDirectory: await project(files) });

async function failure(files: Record<string, string>): Promise<FileError> {
  const error = await sbomOf(files).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FileError);
  return error as FileError;
}

const component = (sbom: Sbom, purl: string) => {
  const found = sbom.components.find((c) => c.purl === purl);
  expect(found, purl).toBeDefined();
  return found as NonNullable<typeof found>;
};
const scopes = (sbom: Sbom) => Object.fromEntries(sbom.components.map((c) => [c.purl, c.scope]));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const sri512 = (text: string) => `sha512-${createHash('sha512').update(text).digest('base64')}`;

const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';

describe('Cargo.lock', () => {
  it('v1: checksums from [metadata], dependencies written "name version (source)"', async () => {
    const sbom = await sbomOf({
      'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n',
      'Cargo.lock': [
        '[[package]]',
        'name = "app"',
        'version = "0.1.0"',
        'dependencies = [',
        ` "serde 1.0.197 (${CRATES_IO})",`,
        ']',
        '',
        '[[package]]',
        'name = "serde"',
        'version = "1.0.197"',
        `source = "${CRATES_IO}"`,
        '',
        '[metadata]',
        `"checksum serde 1.0.197 (${CRATES_IO})" = "${sha256('serde')}"`,
        '',
      ].join('\n'),
    });
    expect(sbom.root.purl).toBe('pkg:cargo/app@0.1.0');
    const serde = component(sbom, 'pkg:cargo/serde@1.0.197');
    expect(serde.hashes).toEqual([{ alg: 'SHA-256', content: sha256('serde') }]);
    expect(serde.properties).toEqual([{ name: 'cargo:source', value: CRATES_IO }]);
    expect(sbom.dependencies.get(sbom.root.bomRef)).toEqual(['pkg:cargo/serde@1.0.197']);
  });

  it('a git source becomes the vcs_url qualifier and the download location, pinned to its commit', async () => {
    const commit = '0123456789abcdef0123456789abcdef01234567';
    const sbom = await sbomOf({
      'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n',
      'Cargo.lock': [
        'version = 3',
        '',
        '[[package]]',
        'name = "app"',
        'version = "0.1.0"',
        'dependencies = ["tokio-util"]',
        '',
        '[[package]]',
        'name = "tokio-util"',
        'version = "0.7.10"',
        `source = "git+https://github.com/tokio-rs/tokio?branch=master#${commit}"`,
        '',
      ].join('\n'),
    });
    const [crate] = sbom.components;
    expect(crate?.name).toBe('tokio-util');
    expect(crate?.downloadLocation).toBe(`git+https://github.com/tokio-rs/tokio@${commit}`);
    expect(crate?.purl).toBe(
      `pkg:cargo/tokio-util@0.7.10?vcs_url=${encodeURIComponent(`git+https://github.com/tokio-rs/tokio@${commit}`)}`,
    );
    expect(crate?.hashes).toEqual([]);
  });

  it('a virtual workspace (no [package]) hangs its member crates from the project', async () => {
    const sbom = await sbomOf({
      'Cargo.toml': '[workspace]\nmembers = ["core", "cli"]\n',
      'Cargo.lock': [
        'version = 3',
        '',
        '[[package]]',
        'name = "cli"',
        'version = "0.2.0"',
        'dependencies = ["core"]',
        '',
        '[[package]]',
        'name = "core"',
        'version = "0.2.0"',
        'dependencies = ["itoa"]',
        '',
        '[[package]]',
        'name = "itoa"',
        'version = "1.0.10"',
        `source = "${CRATES_IO}"`,
        `checksum = "${sha256('itoa')}"`,
        '',
      ].join('\n'),
    });
    expect(component(sbom, 'pkg:cargo/cli@0.2.0').isProject).toBe(true);
    expect(component(sbom, 'pkg:cargo/core@0.2.0').isProject).toBe(true);
    expect(sbom.dependencies.get(sbom.root.bomRef)).toEqual(['pkg:cargo/cli@0.2.0', 'pkg:cargo/core@0.2.0']);
    expect(sbom.dependencies.get('pkg:cargo/core@0.2.0')).toEqual(['pkg:cargo/itoa@1.0.10']);
  });

  it('dev-dependencies, also target-specific ones, are dev unless also normal dependencies', async () => {
    const sbom = await sbomOf({
      'Cargo.toml': [
        '[package]',
        'name = "app"',
        'version = "0.1.0"',
        '',
        '[dependencies]',
        'serde = "1"',
        '',
        '[dev-dependencies]',
        'serde = "1"',
        '',
        "[target.'cfg(unix)'.dev-dependencies]",
        'tempfile = "3"',
        '',
      ].join('\n'),
      'Cargo.lock': [
        'version = 3',
        '',
        '[[package]]',
        'name = "app"',
        'version = "0.1.0"',
        'dependencies = ["serde", "tempfile"]',
        '',
        ...['serde 1.0.197', 'tempfile 3.10.1'].flatMap((crate) => {
          const [name, version] = crate.split(' ');
          return ['[[package]]', `name = "${name}"`, `version = "${version}"`, `source = "${CRATES_IO}"`, ''];
        }),
      ].join('\n'),
    });
    expect(scopes(sbom)).toEqual({ 'pkg:cargo/serde@1.0.197': 'required', 'pkg:cargo/tempfile@3.10.1': 'dev' });
  });

  it('warns about a [[package]] without a version, and refuses a TOML file without [[package]]', async () => {
    const sbom = await sbomOf({ 'Cargo.lock': 'version = 3\n\n[[package]]\nname = "x"\n' });
    expect(sbom.components).toEqual([]);
    // The reader's warning, then the empty SBOM's.
    expect(sbom.warnings).toEqual([
      expect.stringMatching(/Cargo\.lock: a \[\[package\]\] has no name or version/),
      expect.stringMatching(/^the SBOM lists no component: the lock files read/),
    ]);
    const error = await failure({ 'Cargo.lock': 'version = 3\n' });
    expect(error.message).toMatch(/Cargo\.lock:1: not a Cargo\.lock: no \[\[package\]\]/);
  });
});

describe('composer.lock', () => {
  const lock = {
    packages: [
      {
        name: 'Monolog/Monolog',
        version: '3.5.0',
        dist: {
          type: 'zip',
          url: 'https://api.github.com/repos/Seldaek/monolog/zipball/c915e2634718dbc8a4a15c61b0e62e7a44e14448',
          shasum: sha1('monolog'),
        },
        require: { php: '>=8.1', 'ext-json': '*', 'psr/log': '^2.0 || ^3.0' },
        license: ['MIT'],
      },
      {
        name: 'psr/log',
        version: '3.0.0',
        source: {
          type: 'git',
          url: 'https://github.com/php-fig/log.git',
          reference: 'fe5ea303b0887d5caefd3d431c3e61ad47037001',
        },
        dist: { type: 'zip', shasum: '' },
        license: ['MIT', 'Apache-2.0'],
      },
      { name: 'broken/entry' },
    ],
    'packages-dev': [{ name: 'phpunit/phpunit', version: '10.5.0' }],
  };

  it('reads names lower-cased, dist shasums, licenses, download locations, dev packages, and the manifest', async () => {
    const sbom = await sbomOf({
      'composer.json': JSON.stringify({
        name: 'acme/app',
        require: { php: '^8.2', 'monolog/monolog': '^3.5' },
        'require-dev': { 'phpunit/phpunit': '^10' },
      }),
      'composer.lock': JSON.stringify(lock, null, 4),
    });
    const monolog = component(sbom, 'pkg:composer/monolog/monolog@3.5.0');
    expect(monolog.hashes).toEqual([{ alg: 'SHA-1', content: sha1('monolog') }]);
    expect(monolog.licenses).toEqual(['MIT']);
    expect(monolog.downloadLocation).toBe(lock.packages[0]?.dist?.url);
    const log = component(sbom, 'pkg:composer/psr/log@3.0.0');
    expect(log.hashes).toEqual([]);
    expect(log.downloadLocation).toBe('https://github.com/php-fig/log.git');
    expect(log.licenses).toEqual(['MIT', 'Apache-2.0']);
    expect(scopes(sbom)).toEqual({
      'pkg:composer/monolog/monolog@3.5.0': 'required',
      'pkg:composer/psr/log@3.0.0': 'required',
      'pkg:composer/phpunit/phpunit@10.5.0': 'dev',
    });
    // Platform requirements (php, ext-json) are not packages: no edge.
    expect(sbom.dependencies.get('pkg:composer/monolog/monolog@3.5.0')).toEqual(['pkg:composer/psr/log@3.0.0']);
    expect(sbom.dependencies.get(sbom.root.bomRef)).toEqual([
      'pkg:composer/monolog/monolog@3.5.0',
      'pkg:composer/phpunit/phpunit@10.5.0',
    ]);
    expect(sbom.warnings).toEqual([expect.stringMatching(/a package in "packages" has no name or version/)]);
  });

  it('refuses JSON without "packages"', async () => {
    const error = await failure({ 'composer.lock': '{"content-hash": "x"}' });
    expect(error.message).toMatch(/composer\.lock:1: not a composer\.lock/);
  });
});

describe('poetry.lock', () => {
  const files = (list: string[]) =>
    `files = [\n${list.map((f) => `    {file = "${f}", hash = "sha256:${sha256(f)}"},`).join('\n')}\n]`;
  const lock = [
    '[[package]]',
    'name = "requests"',
    'version = "2.31.0"',
    'optional = false',
    files(['requests-2.31.0-py3-none-any.whl', 'requests-2.31.0.tar.gz']),
    '',
    '[package.dependencies]',
    'PySocks = {version = ">=1.5.6,!=1.5.7", optional = true}',
    'urllib3 = ">=1.21.1,<3"',
    '',
    '[[package]]',
    'name = "pysocks"',
    'version = "1.7.1"',
    'optional = true',
    files(['PySocks-1.7.1-py3-none-any.whl', 'PySocks-1.7.1.tar.gz']),
    '',
    '[[package]]',
    'name = "urllib3"',
    'version = "2.2.1"',
    'optional = false',
    files(['urllib3-2.2.1-py3-none-any.whl']),
    '',
    '[[package]]',
    'name = "mylib"',
    'version = "0.1.0"',
    'optional = false',
    'files = []',
    '',
    '[package.source]',
    'type = "git"',
    'url = "https://github.com/acme/mylib.git"',
    'reference = "main"',
    'resolved_reference = "4a5b6c7d8e9f"',
    '',
    '[[package]]',
    'name = "pytest"',
    'version = "8.1.1"',
    'optional = false',
    'files = []',
    '',
    '[[package]]',
    'name = "nameless-version"',
    '',
    '[metadata]',
    'lock-version = "2.0"',
    'python-versions = "^3.11"',
    '',
  ].join('\n');
  const pyproject = [
    '[tool.poetry]',
    'name = "app"',
    'version = "1.0.0"',
    '',
    '[tool.poetry.dependencies]',
    'python = "^3.11"',
    'requests = "^2.31"',
    'mylib = {git = "https://github.com/acme/mylib.git", branch = "main"}',
    '',
    '[tool.poetry.group.test.dependencies]',
    'pytest = "^8"',
    '',
  ].join('\n');

  it('takes the sdist digest, the git source, the optional marking, and the groups of pyproject.toml', async () => {
    const sbom = await sbomOf({ 'poetry.lock': lock, 'pyproject.toml': pyproject });
    expect(sbom.root.purl).toBe('pkg:pypi/app@1.0.0');
    const requests = component(sbom, 'pkg:pypi/requests@2.31.0');
    expect(requests.hashes).toEqual([{ alg: 'SHA-256', content: sha256('requests-2.31.0.tar.gz') }]);
    // One file only: its digest is the package's.
    expect(component(sbom, 'pkg:pypi/urllib3@2.2.1').hashes).toEqual([
      { alg: 'SHA-256', content: sha256('urllib3-2.2.1-py3-none-any.whl') },
    ]);
    expect(component(sbom, 'pkg:pypi/mylib@0.1.0').downloadLocation).toBe(
      'git+https://github.com/acme/mylib.git@4a5b6c7d8e9f',
    );
    expect(scopes(sbom)).toEqual({
      'pkg:pypi/mylib@0.1.0': 'required',
      'pkg:pypi/pysocks@1.7.1': 'optional',
      'pkg:pypi/pytest@8.1.1': 'dev',
      'pkg:pypi/requests@2.31.0': 'required',
      'pkg:pypi/urllib3@2.2.1': 'required',
    });
    expect(sbom.dependencies.get('pkg:pypi/requests@2.31.0')).toEqual([
      'pkg:pypi/pysocks@1.7.1',
      'pkg:pypi/urllib3@2.2.1',
    ]);
    expect(sbom.warnings).toEqual([expect.stringMatching(/poetry\.lock: a \[\[package\]\] has no name or version/)]);
  });

  it('refuses TOML with neither [[package]] nor [metadata]', async () => {
    const error = await failure({ 'poetry.lock': 'title = "x"\n' });
    expect(error.message).toMatch(/poetry\.lock:1: not a poetry\.lock/);
  });
});

describe('pyproject.toml direct dependencies', () => {
  it('reads PEP 621, PEP 735 groups, poetry and uv, the strongest kind winning for a name declared twice', () => {
    const direct = pyprojectDirect(
      'pyproject.toml',
      [
        '[project]',
        'name = "app"',
        'dependencies = ["requests[socks]>=2; python_version >= \'3.8\'", "My_Lib"]',
        '',
        '[project.optional-dependencies]',
        'docs = ["mkdocs>=1.5", "Ruff"]',
        '',
        '[dependency-groups]',
        'test = ["pytest>=8", {include-group = "lint"}]',
        'lint = ["ruff", "requests"]',
        '',
        '[tool.poetry.dependencies]',
        'python = "^3.11"',
        'pysocks = {version = "^1.7", optional = true}',
        '',
        '[tool.poetry.dev-dependencies]',
        'black = "^24"',
        '',
        '[tool.poetry.group.typing.dependencies]',
        'mypy = "^1.9"',
        '',
        '[tool.uv]',
        'dev-dependencies = ["coverage[toml]>=7"]',
        '',
      ].join('\n'),
    );
    expect(Object.fromEntries(direct)).toEqual({
      requests: 'required',
      'my-lib': 'required',
      mkdocs: 'optional',
      ruff: 'optional',
      pytest: 'dev',
      pysocks: 'optional',
      black: 'dev',
      mypy: 'dev',
      coverage: 'dev',
    });
  });
});

describe('uv.lock', () => {
  it('warns about a package without a name, and refuses TOML without [[package]]', async () => {
    const sbom = await sbomOf({
      'uv.lock': 'version = 1\n\n[[package]]\nversion = "1.0.0"\nsource = { registry = "https://pypi.org/simple" }\n',
    });
    expect(sbom.components).toEqual([]);
    // The reader's warning, then the empty SBOM's.
    expect(sbom.warnings).toEqual([
      expect.stringMatching(/uv\.lock: a \[\[package\]\] has no name/),
      expect.stringMatching(/^the SBOM lists no component: the lock files read/),
    ]);
    const error = await failure({ 'uv.lock': 'version = 1\n' });
    expect(error.message).toMatch(/uv\.lock:1: not a uv\.lock/);
  });

  it('a git source is the download location', async () => {
    const sbom = await sbomOf({
      'uv.lock': [
        'version = 1',
        '',
        '[[package]]',
        'name = "httpx"',
        'version = "0.27.0"',
        'source = { git = "https://github.com/encode/httpx?rev=0.27.0#326b9431c761e1ef1e00b9f760d1f654c8db48c6" }',
        '',
      ].join('\n'),
    });
    expect(component(sbom, 'pkg:pypi/httpx@0.27.0').downloadLocation).toBe(
      'git+https://github.com/encode/httpx?rev=0.27.0#326b9431c761e1ef1e00b9f760d1f654c8db48c6',
    );
  });
});

describe('bun.lock (JSON with comments and trailing commas)', () => {
  const lock = (packages: string) =>
    [
      '{',
      '  // A comment, as JSONC allows; "strings // with /* comment marks */" are not comments.',
      '  "lockfileVersion": 1,',
      '  /* a block comment',
      '     over two lines */',
      '  "workspaces": {',
      '    "": {',
      '      "name": "app",',
      '      "dependencies": { "ms": "^2.1.3", },',
      '      "devDependencies": { "is-odd": "3.0.1", },',
      '    },',
      '  },',
      '  "packages": {',
      packages,
      '  },',
      '}',
      '',
    ].join('\n');

  it('reads past comments and trailing commas, and keeps strings that hold comment marks', async () => {
    const sbom = await sbomOf({
      'bun.lock': lock(
        [
          `    "ms": ["ms@2.1.3", "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz", {}, "${sri512('ms')}"],`,
          `    "is-odd": ["is-odd@3.0.1", "", { "dependencies": { "ms": "^2.1.3" } }, "${sri512('is-odd')}"], // trailing`,
        ].join('\n'),
      ),
    });
    expect(scopes(sbom)).toEqual({ 'pkg:npm/is-odd@3.0.1': 'dev', 'pkg:npm/ms@2.1.3': 'required' });
    expect(component(sbom, 'pkg:npm/ms@2.1.3').hashes.map((h) => h.alg)).toEqual(['SHA-512']);
    expect(sbom.dependencies.get('pkg:npm/is-odd@3.0.1')).toEqual(['pkg:npm/ms@2.1.3']);
  });

  it('names the line of a syntax error after a multi-line comment', async () => {
    const error = await failure({ 'bun.lock': lock('    "ms": ["ms@2.1.3" "", {}],') });
    expect(error.location.line).toBe(14);
    expect(error.message).toMatch(/^.*bun\.lock:14:\d+: malformed JSON/);
  });

  it('a double comma is an error at the second one, not a trailing comma', async () => {
    const error = await failure({ 'bun.lock': lock('    "ms": ["ms@2.1.3", "", {}, ""],,') });
    expect(error.location.line).toBe(14);
  });
});

describe('yarn.lock classic with workspace globs', () => {
  it('expands `packages/*`, hangs each member from the project, and takes dev kinds from its package.json', async () => {
    const sbom = await sbomOf({
      'package.json': JSON.stringify({ name: 'mono', version: '1.0.0', private: true, workspaces: ['packages/*'] }),
      'packages/a/package.json': JSON.stringify({ name: '@mono/a', version: '0.1.0', dependencies: { ms: '^2.1.3' } }),
      'packages/b/package.json': JSON.stringify({
        name: '@mono/b',
        version: '0.2.0',
        devDependencies: { 'is-odd': '^3.0.1' },
      }),
      'packages/empty/README.md': 'no package.json here\n',
      'yarn.lock': [
        '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.',
        '# yarn lockfile v1',
        '',
        '',
        'is-odd@^3.0.1:',
        '  version "3.0.1"',
        `  resolved "https://registry.yarnpkg.com/is-odd/-/is-odd-3.0.1.tgz#${sha1('is-odd')}"`,
        '',
        'ms@^2.1.3:',
        '  version "2.1.3"',
        '  resolved "https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz"',
        `  integrity ${sri512('ms')}`,
        '',
      ].join('\n'),
    });
    expect(component(sbom, 'pkg:npm/%40mono/a@0.1.0').isProject).toBe(true);
    expect(component(sbom, 'pkg:npm/%40mono/b@0.2.0').isProject).toBe(true);
    expect(sbom.dependencies.get(sbom.root.bomRef)).toEqual(['pkg:npm/%40mono/a@0.1.0', 'pkg:npm/%40mono/b@0.2.0']);
    expect(scopes(sbom)).toMatchObject({ 'pkg:npm/ms@2.1.3': 'required', 'pkg:npm/is-odd@3.0.1': 'dev' });
    // The sha1 after `#` is the tarball's; the URL is kept without it.
    const isOdd = component(sbom, 'pkg:npm/is-odd@3.0.1');
    expect(isOdd.hashes).toEqual([{ alg: 'SHA-1', content: sha1('is-odd') }]);
    expect(isOdd.downloadLocation).toBe('https://registry.yarnpkg.com/is-odd/-/is-odd-3.0.1.tgz');
  });
});

describe('pnpm-lock.yaml', () => {
  it('a git resolution is the download location; a key without a version is warned about', async () => {
    const sbom = await sbomOf({
      'pnpm-lock.yaml': [
        "lockfileVersion: '9.0'",
        '',
        'importers:',
        '  .:',
        '    dependencies:',
        '      mylib:',
        '        specifier: github:acme/mylib#main',
        '        version: https://codeload.github.com/acme/mylib/tar.gz/4a5b6c7',
        '',
        'packages:',
        '  mylib@https://codeload.github.com/acme/mylib/tar.gz/4a5b6c7:',
        '    resolution: {commit: 4a5b6c7, repo: https://github.com/acme/mylib.git, type: git}',
        '    version: 1.2.0',
        '  noversion: {}',
        '',
        'snapshots:',
        '  mylib@https://codeload.github.com/acme/mylib/tar.gz/4a5b6c7: {}',
        '',
      ].join('\n'),
    });
    expect(sbom.components.map((c) => [c.purl, c.downloadLocation])).toEqual([
      ['pkg:npm/mylib@1.2.0', 'git+https://github.com/acme/mylib.git@4a5b6c7'],
    ]);
    expect(sbom.dependencies.get(sbom.root.bomRef)).toEqual(['pkg:npm/mylib@1.2.0']);
    expect(sbom.warnings).toEqual([expect.stringMatching(/package "noversion" has no name or version/)]);
  });

  it('refuses YAML that is not a mapping or has no lockfileVersion', async () => {
    expect((await failure({ 'pnpm-lock.yaml': '- a\n- b\n' })).message).toMatch(/expected a YAML mapping/);
    expect((await failure({ 'pnpm-lock.yaml': 'packages: {}\n' })).message).toMatch(/no lockfileVersion/);
  });
});

describe('package-lock.json', () => {
  it('warns about an entry without a version, and refuses JSON with neither "packages" nor "dependencies"', async () => {
    const sbom = await sbomOf({
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'x' },
          'node_modules/ms': { resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz' },
        },
      }),
    });
    expect(sbom.components).toEqual([]);
    // The reader's warning, then the empty SBOM's.
    expect(sbom.warnings).toEqual([
      expect.stringMatching(/"node_modules\/ms" has no name or version/),
      expect.stringMatching(/^the SBOM lists no component: the lock files read/),
    ]);
    const error = await failure({ 'package-lock.json': '{"lockfileVersion": 3}' });
    expect(error.message).toMatch(/neither "packages" nor "dependencies"/);
  });
});

describe('go.mod without go.sum', () => {
  it('warns that modules have no checksums, and still lists them', async () => {
    const sbom = await sbomOf({
      'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0\n',
    });
    expect(sbom.components.map((c) => c.purl)).toEqual(['pkg:golang/golang.org/x/text@v0.14.0']);
    expect(sbom.warnings).toEqual([expect.stringMatching(/go\.mod: no go\.sum beside it/)]);
  });

  it('refuses a replace directive without its arrow', async () => {
    const error = await failure({ 'go.mod': 'module example.com/app\n\nreplace example.com/a v1.0.0 example.com/b\n' });
    expect(error.location.line).toBe(3);
    expect(error.message).toMatch(/malformed replace: expected "old \[version\] => new \[version\]"/);
  });
});

describe('Pipfile.lock', () => {
  it('a git requirement takes its ref as the version; one digest is the hash, several are none', async () => {
    const sbom = await sbomOf({
      'Pipfile.lock': JSON.stringify({
        _meta: { 'pipfile-spec': 6 },
        default: {
          requests: { git: 'https://github.com/psf/requests.git', ref: '0e322af87745eff34caffe4df68456ebc20d9068' },
          idna: { hashes: [`sha256:${sha256('idna')}`], version: '==3.6' },
          flask: { hashes: [`sha256:${sha256('a')}`, `sha256:${sha256('b')}`], version: '==3.0.2' },
          nothing: {},
        },
        develop: { pytest: { version: '===8.1.1' } },
      }),
    });
    const requests = component(sbom, 'pkg:pypi/requests@0e322af87745eff34caffe4df68456ebc20d9068');
    expect(requests.downloadLocation).toBe('git+https://github.com/psf/requests.git');
    expect(component(sbom, 'pkg:pypi/idna@3.6').hashes).toEqual([{ alg: 'SHA-256', content: sha256('idna') }]);
    expect(component(sbom, 'pkg:pypi/flask@3.0.2').hashes).toEqual([]);
    expect(component(sbom, 'pkg:pypi/pytest@8.1.1').scope).toBe('dev');
    expect(sbom.warnings).toEqual([expect.stringMatching(/"nothing" in "default" has no pinned version/)]);
  });

  it('refuses JSON with neither "default" nor "develop"', async () => {
    const error = await failure({ 'Pipfile.lock': '{"_meta": {}}' });
    expect(error.message).toMatch(/Pipfile\.lock:1: not a Pipfile\.lock/);
  });
});

describe('bun.lock packages', () => {
  it('resolves a workspace member’s nested copy, a scoped nested copy, and a github dependency', async () => {
    const sbom = await sbomOf({
      'bun.lock': JSON.stringify({
        lockfileVersion: 1,
        workspaces: {
          '': { name: 'mono', dependencies: { '@scope/tool': '1.0.0', ms: '2.1.3' } },
          'packages/a': { name: '@mono/a', version: '0.1.0', dependencies: { ms: '1.0.0', lib: 'github:acme/lib' } },
        },
        packages: {
          '@mono/a': ['@mono/a@workspace:packages/a'],
          '@mono/a/ms': ['ms@1.0.0', '', {}, sri512('ms1')],
          '@scope/tool': ['@scope/tool@1.0.0', '', { dependencies: { ms: '^2' } }, sri512('tool')],
          '@scope/tool/ms': ['ms@2.0.0', '', {}, sri512('ms2')],
          lib: ['lib@github:acme/lib#4a5b6c7', { version: '0.3.0' }, 'acme-lib-4a5b6c7'],
          ms: ['ms@2.1.3', '', {}, sri512('ms3')],
          nover: ['nover@', '', {}],
          self: ['self@root:'],
          junk: 'not a tuple',
        },
      }),
    });
    expect(sbom.dependencies.get('pkg:npm/%40mono/a@0.1.0')).toEqual(['pkg:npm/lib@0.3.0', 'pkg:npm/ms@1.0.0']);
    expect(sbom.dependencies.get('pkg:npm/%40scope/tool@1.0.0')).toEqual(['pkg:npm/ms@2.0.0']);
    expect(sbom.dependencies.get(sbom.root.bomRef)).toEqual([
      'pkg:npm/%40mono/a@0.1.0',
      'pkg:npm/%40scope/tool@1.0.0',
      'pkg:npm/ms@2.1.3',
    ]);
    const lib = component(sbom, 'pkg:npm/lib@0.3.0');
    expect(lib.downloadLocation).toBe('github:acme/lib#4a5b6c7');
    expect(lib.hashes).toEqual([]);
    expect(sbom.components.some((c) => c.name === 'self')).toBe(false);
    expect(sbom.warnings).toEqual([expect.stringMatching(/package "nover" has no version/)]);
  });
});

describe('yarn.lock berry', () => {
  it('an alias installs the real package; an entry without a version is warned about', async () => {
    const sbom = await sbomOf({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'my-ms': 'npm:ms@^2.1.3' } }),
      'yarn.lock': [
        '__metadata:',
        '  version: 8',
        '',
        '"app@workspace:.":',
        '  version: 0.0.0-use.local',
        '  resolution: "app@workspace:."',
        '  dependencies:',
        '    my-ms: "npm:ms@^2.1.3"',
        '',
        '"my-ms@npm:ms@^2.1.3":',
        '  version: 2.1.3',
        '  resolution: "ms@npm:2.1.3"',
        '  checksum: 10c0/d924b57e7312b3b63ad21fc5b3dc0af5e78d61a1fc7cfb5457edaf26326bf62be5307cc87ffb6862ef1c2b33b0233cdb5d4f01c4c958cc0d660948b65a287a48',
        '',
        '"broken@npm:1.0.0":',
        '  resolution: "broken@npm:1.0.0"',
        '',
      ].join('\n'),
    });
    expect(sbom.components.map((c) => c.purl)).toEqual(['pkg:npm/ms@2.1.3']);
    expect(sbom.dependencies.get(sbom.root.bomRef)).toEqual(['pkg:npm/ms@2.1.3']);
    // Berry's checksum digests yarn's cache zip, not the tarball: a property, never a hash.
    expect(component(sbom, 'pkg:npm/ms@2.1.3').hashes).toEqual([]);
    expect(component(sbom, 'pkg:npm/ms@2.1.3').properties.map((p) => p.name)).toEqual(['yarn:checksum']);
    expect(sbom.warnings).toEqual([expect.stringMatching(/entry "broken@npm:1.0.0" has no name or version/)]);
  });
});
