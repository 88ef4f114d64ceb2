import { describe, expect, it } from 'vitest';
import { auditWorkflow } from '../src/index';

describe('a file GitHub would not run', () => {
  it('is refused with its file, line and the parser message, not audited', () => {
    const text =
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: a/b@v1\n        bogus: 1\n';
    expect(() => auditWorkflow('ci.yml', text)).toThrow(/^ci\.yml:7:\d+: not a valid workflow: .*bogus/);
  });

  it('refuses broken YAML naming the line', () => {
    expect(() => auditWorkflow('ci.yml', 'on: push\njobs:\n  a: [\n')).toThrow(
      /^ci\.yml:\d+(:\d+)?: not a valid workflow/,
    );
  });
});

describe('trusted owners', () => {
  const text = [
    'on: push',
    'permissions: {}',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 5',
    '    steps:',
    '      - uses: My-Org/tool@v1',
    '      - uses: actions/setup-node@v4',
    '',
  ].join('\n');

  it('need no pin, whatever the case; actions/* still does', () => {
    const findings = auditWorkflow('ci.yml', text, { trustedOwners: ['my-org'] });
    expect(findings.map((finding) => [finding.rule, finding.line])).toEqual([['unpinned-action', 9]]);
    expect(auditWorkflow('ci.yml', text).map((finding) => finding.line)).toEqual([8, 9]);
  });
});
