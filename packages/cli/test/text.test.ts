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
        'Tests          no failures  –              not measured',
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

  it('gives every failing condition its why line, with what it measured and who is over', () => {
    const failed = result([
      condition({ id: 'coverage', label: 'Line coverage', status: 'failed', actualText: '50.00% (2/4)' }),
      condition({
        id: 'diff-coverage',
        label: 'Coverage of changed lines',
        status: 'failed',
        actualText: '0.00% (0/2)',
      }),
      condition({ id: 'complexity', label: 'Complexity', threshold: '≤ 10', status: 'failed', actualText: 'max 12' }),
      condition({
        id: 'debt-ratio',
        label: 'Technical-debt ratio',
        threshold: '≤ 3%',
        status: 'failed',
        actualText: '5.00%',
      }),
    ]);
    failed.scopes[0] = {
      scope: 'all',
      coverage: {
        covered: 2,
        total: 4,
        percent: 50,
        files: 1,
        leastCovered: [{ path: 'src/a.ts', covered: 2, total: 4, percent: 50 }],
      },
      diffCoverage: { covered: 0, total: 2, percent: 0, uncovered: [{ path: 'src/a.ts', lines: [3, 4] }] },
      complexity: {
        functions: 3,
        max: 12,
        offenders: [{ file: 'src/a.ts', name: 'shippingClass', line: 7, complexity: 12 }],
      },
    };
    expect(verdictText(failed).split('\n').slice(-5)).toEqual([
      'why:',
      '  - Line coverage: 50.00% (2/4), needs ≥ 85%; least covered: src/a.ts 50.00%',
      '  - Coverage of changed lines: 0.00% (0/2), needs ≥ 85%; changed lines not covered: src/a.ts lines 3, 4',
      '  - Complexity: max 12, needs ≤ 10; over the limit: shippingClass (src/a.ts:7) 12',
      '  - Technical-debt ratio: 5.00%, needs ≤ 3%',
    ]);
  });

  it('names failed tests, the first ten, then how many more', () => {
    const failures = Array.from({ length: 12 }, (_, i) => ({
      suite: 'tests.test_pricing',
      name: `test_${i}`,
      outcome: i === 0 ? ('error' as const) : ('failed' as const),
      message: `assert ${i} == 8\nsecond line`,
    }));
    const failed = result([
      condition({
        id: 'tests',
        label: 'Tests',
        threshold: 'no failures',
        status: 'failed',
        actualText: '0 passed, 11 failed, 1 errors, 0 skipped',
      }),
    ]);
    failed.tests = { total: 12, passed: 0, failed: 11, errors: 1, skipped: 0, failures };
    const lines = verdictText(failed).split('\n');
    const start = lines.indexOf('failed tests (12):');
    expect(lines.slice(start)).toEqual([
      'failed tests (12):',
      '  - tests.test_pricing > test_0 (error): assert 0 == 8',
      ...Array.from({ length: 9 }, (_, i) => `  - tests.test_pricing > test_${i + 1}: assert ${i + 1} == 8`),
      '  …and 2 more (see the JSON report)',
    ]);
  });

  it("says why a condition asked for was not measured, and lists the readers' warnings", () => {
    const text = verdictText({
      ...result([
        condition({ id: 'coverage', label: 'Line coverage', status: 'passed', actualText: '90.00%' }),
        condition({
          id: 'diff-coverage',
          label: 'Coverage of changed lines',
          status: 'not-measured',
          detail: 'no base-ref to diff against (not a pull request): set base-ref, e.g. origin/main',
          requested: true,
        }),
        condition({ id: 'tests', label: 'Tests', status: 'not-measured', detail: 'input tests not given' }),
      ]),
      files: {
        coverage: [
          { file: 'lcov.info', format: 'lcov', warnings: ['lcov.info: 1 section(s) where DA and LF/LH disagree'] },
        ],
      },
    });
    expect(text.split('\n').slice(-6)).toEqual([
      '',
      'asked for, not measured:',
      '  - Coverage of changed lines: no base-ref to diff against (not a pull request): set base-ref, e.g. origin/main',
      '',
      'warnings:',
      '  - lcov.info: 1 section(s) where DA and LF/LH disagree',
    ]);
  });
});
