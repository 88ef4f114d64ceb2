import type { Condition, GateResult } from '@ccm/gate';
import { describe, expect, it } from 'vitest';
import { verdictText } from '../src/text';

function condition(overrides: Partial<Condition> & Pick<Condition, 'id' | 'label' | 'status'>): Condition {
  return { scope: 'all', threshold: '≥ 85%', actualText: '–', ...overrides };
}

function result(conditions: Condition[], scopes: string[] = ['all']): GateResult {
  return {
    name: 'quality-gate',
    passed: conditions.every((c) => c.status === 'passed' || c.status === 'not-measured'),
    conditions,
    scopes: scopes.map((scope) => ({ scope })),
    files: {},
  };
}

describe('verdictText', () => {
  it('aligns one row per condition under a header, with no reasons when all passed', () => {
    const text = verdictText(
      result([
        condition({ id: 'coverage', label: 'Line coverage', status: 'passed', actualText: '90.00% (9/10)' }),
        condition({
          id: 'tests',
          label: 'Tests',
          threshold: 'no failures',
          status: 'not-measured',
          detail: 'input tests not given',
        }),
      ]),
    );
    expect(text).toBe(
      [
        'quality-gate: PASSED',
        '',
        'condition      threshold    actual         verdict',
        'Line coverage  ≥ 85%        90.00% (9/10)  pass',
        'Tests          no failures  –              -',
      ].join('\n'),
    );
  });

  it('adds a scope column and the reasons of failed and unreadable conditions when there are components', () => {
    const text = verdictText(
      result(
        [
          condition({ id: 'coverage', label: 'Line coverage', status: 'passed', actualText: '90.00%' }),
          condition({
            id: 'coverage',
            scope: 'api',
            label: 'Line coverage',
            status: 'failed',
            actualText: '50.00%',
            detail: 'no covered source under api/',
          }),
          condition({
            id: 'security',
            scope: 'api',
            label: 'Security findings',
            threshold: 'no high or worse',
            status: 'error',
            actualText: 'unreadable',
            detail: 'scan.sarif: malformed JSON',
          }),
          // A passed condition's note is not a reason.
          condition({ id: 'complexity', label: 'Complexity', status: 'passed', detail: 'a note' }),
        ],
        ['all', 'api'],
      ),
    );
    expect(text.split('\n')).toEqual([
      'quality-gate: FAILED',
      '',
      'scope  condition          threshold         actual      verdict',
      'all    Line coverage      ≥ 85%             90.00%      pass',
      'api    Line coverage      ≥ 85%             50.00%      FAIL',
      'api    Security findings  no high or worse  unreadable  UNREADABLE',
      'all    Complexity         ≥ 85%             –           pass',
      '',
      'why:',
      '  - Line coverage (api): no covered source under api/',
      '  - Security findings (api): scan.sarif: malformed JSON',
    ]);
  });
});
