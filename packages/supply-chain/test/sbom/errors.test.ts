import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { collectSbom } from '../../src/sbom/index';
import { fixture } from './fixtures';

/** Bad input: corrupt locks fail naming file and line; unknown locks are warned about; the tree walk. */

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ccm-sbom-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

async function failure(files: Record<string, string>): Promise<FileError> {
  const dir = await project(files);
  const error = await collectSbom({ workingDirectory: dir }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FileError);
  return error as FileError;
}

describe('a corrupt lock fails with its file and line', () => {
  const cases: [string, Record<string, string>, string, number][] = [
    [
      'package-lock.json',
      { 'package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {}\n    "x": 1\n  }\n}\n' },
      'package-lock.json',
      5,
    ],
    [
      'npm-shrinkwrap.json, cut short',
      { 'npm-shrinkwrap.json': '{\n  "lockfileVersion": 3,\n  "packages": {\n' },
      'npm-shrinkwrap.json',
      4,
    ],
    [
      'pnpm-lock.yaml',
      {
        'pnpm-lock.yaml':
          "lockfileVersion: '9.0'\n\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x\n  b@1.0.0: {}\n",
      },
      'pnpm-lock.yaml',
      6,
    ],
    [
      'yarn.lock classic',
      { 'yarn.lock': '# yarn lockfile v1\n\n\nms@2.1.3:\n  version "2.1.3"\n  resolved x y z\n   bad\n"b\n' },
      'yarn.lock',
      6,
    ],
    [
      'yarn.lock berry',
      { 'yarn.lock': '__metadata:\n  version: 8\n\n"ms@npm:2.1.3":\n  version: 2.1.3\n bad: [\n' },
      'yarn.lock',
      6,
    ],
    [
      'bun.lock',
      {
        'bun.lock':
          '{\n  "lockfileVersion": 1,\n  "packages": {\n    "ms": ["ms@2.1.3", "", {}, "sha512-x"],,\n  },\n}\n',
      },
      'bun.lock',
      4,
    ],
    ['poetry.lock', { 'poetry.lock': '[[package]]\nname = "a"\nversion = "1.0"\nfiles = [\n' }, 'poetry.lock', 5],
    ['uv.lock', { 'uv.lock': 'version = 1\n\n[[package]]\nname = "a"\nversion = = "1.0"\n' }, 'uv.lock', 5],
    [
      'Pipfile.lock',
      { 'Pipfile.lock': '{\n  "default": {\n    "a": {"version": "==1.0"}\n  },\n  "develop": {,}\n}\n' },
      'Pipfile.lock',
      5,
    ],
    [
      'Cargo.lock',
      { 'Cargo.lock': 'version = 3\n\n[[package]]\nname = "a"\nversion = "1.0.0"\nname = "b"\n' },
      'Cargo.lock',
      6,
    ],
    [
      'go.mod',
      { 'go.mod': 'module example.com/x\n\ngo 1.22\n\nrequire (\n\texample.com/y v1.0.0\n\texample.com/z\n)\n' },
      'go.mod',
      7,
    ],
    ['go.mod, unknown directive', { 'go.mod': 'module example.com/x\n\nrequires example.com/y v1.0.0\n' }, 'go.mod', 3],
    [
      'go.sum',
      {
        'go.mod': 'module example.com/x\n\nrequire example.com/y v1.0.0\n',
        'go.sum': 'example.com/y v1.0.0 h1:abc=\nexample.com/y v1.0.0\n',
      },
      'go.sum',
      2,
    ],
    [
      'composer.lock',
      { 'composer.lock': '{\n  "packages": [\n    {"name": "a/b" "version": "1.0"}\n  ]\n}\n' },
      'composer.lock',
      3,
    ],
    [
      'Gemfile.lock',
      { 'Gemfile.lock': 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.9)\n   broken\n' },
      'Gemfile.lock',
      5,
    ],
    ['requirements.txt', { 'requirements.txt': 'ms==1.0\n\n!!not a requirement\n' }, 'requirements.txt', 3],
    [
      'package.json beside a v1 lock',
      { 'package-lock.json': '{"lockfileVersion": 1, "dependencies": {}}', 'package.json': '{\n  "name": "x",\n}\n' },
      'package.json',
      3,
    ],
  ];
  it.each(cases)('%s', async (_name, files, file, line) => {
    const error = await failure(files);
    expect(error.location.file.endsWith(file)).toBe(true);
    expect(error.location.line).toBe(line);
    expect(error.message).toContain(`${file}:${line}`);
  });

  it('a lock of the right syntax but not the right shape names the file', async () => {
    const error = await failure({ 'package-lock.json': '[]\n' });
    expect(error.message).toMatch(/package-lock\.json:1: not a package-lock/);
  });
});

describe('finding locks', () => {
  it('names a lock file of a format it cannot read in a warning, and reads the rest', async () => {
    const npm = await readFile(fixture('npm-v3/package-lock.json'), 'utf8');
    const dir = await project({
      'package.json': '{"name": "poly", "version": "1.0.0"}',
      'package-lock.json': npm,
      'android/gradle.lockfile': 'com.google:guava:32.0.0-jre=runtimeClasspath\n',
      'dotnet/packages.lock.json': '{"version": 1, "dependencies": {}}',
      'elixir/mix.lock': '%{}\n',
      'swift/Package.resolved': '{}',
      'tools/weird-tool.lock': 'x',
      'web/bun.lockb': 'binary',
    });
    const sbom = await collectSbom({ workingDirectory: dir });
    expect(sbom.components.length).toBe(7);
    const named = (path: string) => sbom.warnings.find((w) => w.startsWith(`${path}:`));
    expect(named('android/gradle.lockfile')).toMatch(/cannot read \(Gradle\)/);
    expect(named('dotnet/packages.lock.json')).toMatch(/NuGet/);
    expect(named('elixir/mix.lock')).toMatch(/Mix/);
    expect(named('swift/Package.resolved')).toMatch(/Swift/);
    expect(named('tools/weird-tool.lock')).toMatch(/an unknown tool/);
    expect(named('web/bun.lockb')).toMatch(/save-text-lockfile/);
    expect(sbom.warnings).toHaveLength(6);
  });

  it('reads nested projects, skips installed copies, and hangs nested projects from the root', async () => {
    const npm = await readFile(fixture('npm-v3/package-lock.json'), 'utf8');
    const cargo = await readFile(fixture('cargo/Cargo.lock'), 'utf8');
    const dir = await project({
      'package.json': '{"name": "mono", "version": "2.0.0", "license": "MIT"}',
      'package-lock.json': npm,
      'services/engine/Cargo.toml':
        '[package]\nname = "sbom-fixture-rs"\nversion = "0.1.0"\n\n[dev-dependencies]\ntempfile = "3"\n',
      'services/engine/Cargo.lock': cargo,
      'scripts/requirements.txt': 'ms-python==1.0.0\n',
      'node_modules/x/package-lock.json': '{ corrupt',
      'services/engine/target/debug/Cargo.lock': '{ corrupt',
      '.git/yarn.lock': '{ corrupt',
    });
    const sbom = await collectSbom({ workingDirectory: dir });
    expect(sbom.locks.map((l) => l.path)).toEqual([
      'package-lock.json',
      'scripts/requirements.txt',
      'services/engine/Cargo.lock',
    ]);
    expect(sbom.root).toMatchObject({ name: 'mono', version: '2.0.0', purl: 'pkg:npm/mono@2.0.0', licenses: ['MIT'] });
    const engine = sbom.components.find((c) => c.purl === 'pkg:cargo/sbom-fixture-rs@0.1.0');
    expect(engine?.isProject).toBe(true);
    expect(sbom.dependencies.get(sbom.root.bomRef)).toContain('pkg:cargo/sbom-fixture-rs@0.1.0');
    expect(sbom.dependencies.get('pkg:cargo/sbom-fixture-rs@0.1.0')).toContain('pkg:cargo/serde@1.0.197');
    // A lock without a manifest of its own hangs from the root.
    expect(sbom.dependencies.get(sbom.root.bomRef)).toContain('pkg:pypi/ms-python@1.0.0');
  });

  it('with package-lock.json and npm-shrinkwrap.json together reads the shrinkwrap, as npm does', async () => {
    const npm = await readFile(fixture('npm-v3/package-lock.json'), 'utf8');
    const dir = await project({ 'package-lock.json': '{ corrupt', 'npm-shrinkwrap.json': npm });
    const sbom = await collectSbom({ workingDirectory: dir });
    expect(sbom.locks.map((l) => l.format)).toEqual(['npm-shrinkwrap']);
    expect(sbom.warnings).toEqual([expect.stringMatching(/^package-lock\.json: ignored/)]);
  });

  it('an empty directory gives an SBOM of the project alone', async () => {
    const dir = await project({});
    const sbom = await collectSbom({ workingDirectory: dir });
    expect(sbom.components).toEqual([]);
    expect(sbom.locks).toEqual([]);
  });
});
