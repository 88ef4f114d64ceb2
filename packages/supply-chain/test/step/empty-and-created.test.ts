import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@ccm/toolkit';
import { describe, expect, it } from 'vitest';
import { fakeRuntime } from '../../../../test/support/fake-runtime';
import { spdxCreatedEpoch } from '../../src/sbom/created';
import { sbomSignStep } from '../../src/step/index';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-sbom-step-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function sign(dir: string, inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
  const { runtime, record } = fakeRuntime({ signing: 'none', 'output-directory': 'out', ...inputs });
  const outcome = await sbomSignStep(runtime, { workspace: dir, tempDir: dir, env }).then(
    () => undefined,
    (error: unknown) => error,
  );
  const warnings = record.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
  return { error: outcome, warnings, record };
}

// A project as `npm init` and `poetry new` leave it: manifests, and no lock file yet.
const NO_LOCK = {
  'package.json': '{"name": "web", "version": "1.0.0", "dependencies": {"left-pad": "^1.3.0"}}\n',
  'api/pyproject.toml': '[project]\nname = "api"\nversion = "0.1.0"\ndependencies = ["requests>=2"]\n',
};

describe('an SBOM with no component', () => {
  it('warns, naming the manifests seen and the lock each needs', async () => {
    const { error, warnings, record } = await sign(project(NO_LOCK));
    expect(error).toBeUndefined();
    expect(warnings).toContain(
      'the SBOM lists no component: no lock file was found to read; manifests seen but not read (the SBOM reads lock files): api/pyproject.toml (needs poetry.lock, uv.lock or a pinned requirements.txt), package.json (needs package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock)',
    );
    expect(record.summary).toContain('the SBOM lists no component');
  });

  it('fails with fail-on-empty: true, saying why', async () => {
    const { error } = await sign(project(NO_LOCK), { 'fail-on-empty': 'true' });
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /^input fail-on-empty: is true and the SBOM lists no component: no lock file was found to read; manifests seen but not read/,
    );
  });

  it('says so when the locks read list no package, and when no manifest was seen', async () => {
    const lock =
      '{"name": "web", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "web", "version": "1.0.0"}}}\n';
    const empty = await sign(
      project({ 'package.json': '{"name": "web", "version": "1.0.0"}\n', 'package-lock.json': lock }),
    );
    expect(empty.warnings).toContain(
      'the SBOM lists no component: the lock files read (package-lock.json) list no package; manifests seen but not read (the SBOM reads lock files): package.json (needs package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock)',
    );
    const nothing = await sign(project({ 'README.md': 'hello\n' }));
    expect(nothing.warnings).toContain(
      'the SBOM lists no component: no lock file was found to read; no dependency manifest was seen either',
    );
  });

  it('is quiet when the SBOM has components', async () => {
    const lock = JSON.stringify({
      name: 'web',
      version: '1.0.0',
      lockfileVersion: 3,
      packages: { '': { name: 'web', version: '1.0.0' }, 'node_modules/left-pad': { version: '1.3.0' } },
    });
    const { warnings, error } = await sign(
      project({ 'package.json': NO_LOCK['package.json'], 'package-lock.json': lock }),
      { 'fail-on-empty': 'true' },
    );
    expect(error).toBeUndefined();
    expect(warnings.filter((w) => w.includes('no component'))).toEqual([]);
  });
});

describe("SPDX's created", () => {
  const spdxCreated = async (dir: string, env: NodeJS.ProcessEnv = {}) => {
    const { error } = await sign(dir, { 'sbom-format': 'spdx-json' }, env);
    expect(error).toBeUndefined();
    return (
      JSON.parse(readFileSync(join(dir, 'out', 'sbom.spdx.json'), 'utf8')) as { creationInfo: { created: string } }
    ).creationInfo.created;
  };

  function gitProject(): string {
    const dir = project(NO_LOCK);
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
          GIT_AUTHOR_DATE: '2024-05-06T07:08:09Z',
          GIT_COMMITTER_DATE: '2024-05-06T07:08:09Z',
        },
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'init');
    return dir;
  }

  it('is the commit time in a git checkout: the same commit, the same bytes', async () => {
    const dir = gitProject();
    expect(await spdxCreated(dir)).toBe('2024-05-06T07:08:09Z');
  });

  it('SOURCE_DATE_EPOCH still wins', async () => {
    expect(await spdxCreated(gitProject(), { SOURCE_DATE_EPOCH: '1700000000' })).toBe('2023-11-14T22:13:20Z');
  });

  it('is now outside a git checkout, never the Unix epoch', async () => {
    const dir = project(NO_LOCK);
    expect(await spdxCreatedEpoch(undefined, dir, () => 1_234_567_890_123)).toBe(1_234_567_890);
    expect(await spdxCreated(dir)).not.toBe('1970-01-01T00:00:00Z');
  });
});
