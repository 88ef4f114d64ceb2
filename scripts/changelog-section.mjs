#!/usr/bin/env node
// Prints the CHANGELOG.md section of one release, the release notes of self-release.yml.
// Usage: node scripts/changelog-section.mjs v1.2.3 [CHANGELOG.md]
// The section is the text under `## [1.2.3]` (or `## [v1.2.3]`, with anything after the bracket,
// such as a date) up to the next `## ` heading. A missing or empty section is an error: a release
// is never published with blank notes.
import { readFileSync } from 'node:fs';

export function changelogSection(changelog, tag) {
  const version = tag.replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`not a version tag: ${tag}`);
  const lines = changelog.split(/\r?\n/);
  const heading = (line) => {
    const match = /^## \[v?([^\]]+)\]/.exec(line);
    return match?.[1];
  };
  const start = lines.findIndex((line) => heading(line) === version);
  if (start === -1) throw new Error(`CHANGELOG.md has no section "## [${version}]"`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  const body = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
  if (body === '') throw new Error(`CHANGELOG.md section "## [${version}]" is empty`);
  return `${body}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [tag, file = 'CHANGELOG.md'] = process.argv.slice(2);
  if (!tag) {
    process.stderr.write('usage: changelog-section.mjs <tag> [CHANGELOG.md]\n');
    process.exit(2);
  }
  try {
    process.stdout.write(changelogSection(readFileSync(file, 'utf8'), tag));
  } catch (error) {
    process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
