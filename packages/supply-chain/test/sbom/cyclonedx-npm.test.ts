import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { collectSbom } from '../../src/sbom/index';
import { fixture } from './fixtures';

/**
 * For a package-lock, the purls we report equal those @cyclonedx/cyclonedx-npm reports from the same
 * lock (`--package-lock-only`). It runs on a copy: it may write beside the lock.
 */

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../node_modules/.bin/cyclonedx-npm', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

function purlsOf(bom: { components?: { purl?: string; components?: unknown[] }[] }): string[] {
  const purls: string[] = [];
  const walk = (components: { purl?: string; components?: unknown[] }[] = []) => {
    for (const c of components) {
      if (c.purl) purls.push(c.purl);
      walk(c.components as typeof components);
    }
  };
  walk(bom.components);
  return [...new Set(purls)].sort();
}

describe.each(['npm-v3', 'npm-v2', 'npm-shrinkwrap'])('%s against cyclonedx-npm', (name) => {
  it('reports the same set of purls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ccm-sbom-cdx-npm-'));
    temps.push(dir);
    await cp(fixture(name), dir, { recursive: true });
    const output = join(dir, 'cdx-npm.json');
    await run(BIN, ['--package-lock-only', '--output-format', 'JSON', '--output-file', output], {
      cwd: dir,
      env: { ...process.env, npm_config_offline: 'true' },
    });
    const theirs = purlsOf(JSON.parse(await readFile(output, 'utf8')));
    const ours = (await collectSbom({ workingDirectory: fixture(name) })).components.map((c) => c.purl).sort();
    expect(theirs.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs);
  });
});
