import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditWorkflow, RULES } from '../src/index';

const fixtures = join(import.meta.dirname, 'fixtures');

function workflowsIn(folder: string): string[] {
  return readdirSync(join(fixtures, folder))
    .filter((name) => name.endsWith('.yml'))
    .sort();
}

function audit(folder: string, name: string) {
  return auditWorkflow(name, readFileSync(join(fixtures, folder, name), 'utf8')).map(({ file, ...finding }) => {
    expect(file).toBe(name);
    return finding;
  });
}

function expected(folder: string, name: string): unknown {
  return JSON.parse(readFileSync(join(fixtures, folder, name.replace(/\.yml$/, '.expected.json')), 'utf8'));
}

describe('deliberately bad workflows, one per rule', () => {
  const bad = workflowsIn('bad');

  it.each(bad)('%s: exactly the findings written beside it', (name) => {
    expect(audit('bad', name)).toEqual(expected('bad', name));
  });

  it('every rule is planted in at least one bad workflow, and found there', () => {
    const found = new Set(bad.flatMap((name) => audit('bad', name).map((finding) => finding.rule)));
    expect([...found].sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });
});

describe('a clean workflow', () => {
  it('has no finding', () => {
    expect(audit('clean', 'clean.yml')).toEqual([]);
    expect(expected('clean', 'clean.yml')).toEqual([]);
  });
});

describe('real public workflows (origins in fixtures/real/SOURCES.md)', () => {
  const real = workflowsIn('real');
  const sources = readFileSync(join(fixtures, 'real', 'SOURCES.md'), 'utf8');

  it.each(real)('%s: its origin is written down and its findings are the expected ones', (name) => {
    expect(sources).toContain(`\`${name}\``);
    expect(audit('real', name)).toEqual(expected('real', name));
  });
});
