import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './support/workflows';

// Run as self-release.yml runs it: the script with the tag and the file as arguments.
function section(changelog: string, tag: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-changelog-'));
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
  return spawnSync('node', [join(root, 'scripts', 'changelog-section.mjs'), tag, join(dir, 'CHANGELOG.md')], {
    encoding: 'utf8',
  });
}

const changelog = `# Changelog

## [UNRELEASED]

- next thing

## [1.2.0] - 2026-12-01

- \`cache\`: a thing
  continued

### Fixed
- a fix

## [1.1.0]

- older
`;

describe('scripts/changelog-section.mjs: the release notes', () => {
  it("prints the tagged version's section, sub-headings kept, up to the next release", () => {
    const result = section(changelog, 'v1.2.0');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('- `cache`: a thing\n  continued\n\n### Fixed\n- a fix\n');
  });
  it('reads the last section to the end of the file', () => {
    expect(section(changelog, 'v1.1.0').stdout).toBe('- older\n');
  });
  it('refuses a version the changelog lacks, naming the file', () => {
    const result = section(changelog, 'v9.9.9');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/CHANGELOG\.md: .*no section "## \[9\.9\.9\]"/);
  });
  it('refuses an empty section: no release with blank notes', () => {
    const result = section('## [2.0.0]\n\n## [1.0.0]\n- x\n', 'v2.0.0');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/is empty/);
  });
  it('refuses what is not a version tag', () => {
    expect(section(changelog, 'main').status).toBe(1);
  });
  it("reads the repository's own CHANGELOG.md, where an unreleased tree has no version section", () => {
    const result = spawnSync(
      'node',
      [join(root, 'scripts', 'changelog-section.mjs'), 'v0.0.0-none', join(root, 'CHANGELOG.md')],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no section "## \[0\.0\.0-none\]"/);
  });
});
