import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { RULES } from '../src/index';

it('the README documents every rule, with its level, and no other', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const sections = [...readme.matchAll(/^### (\S+)$/gm)].map((match) => match[1]);
  expect(sections).toEqual(RULES.map((rule) => rule.id));
  for (const rule of RULES)
    expect(readme).toMatch(new RegExp(`\\| \\[\`${rule.id}\`\\]\\(#${rule.id}\\) \\| ${rule.level}`));
});
