import { CoverageMap, type SecurityFinding } from '@ccm/reports';
import { describe, expect, it } from 'vitest';
import type { GateData } from '../src/collect';
import { evaluate } from '../src/evaluate';
import type { GateSettings } from '../src/settings';
import { gateSettings } from './gate-settings';

const settings = (overrides: Partial<GateSettings> = {}) => gateSettings(overrides);

const given = (...inputs: string[]) => Object.fromEntries(inputs.map((i) => [i, ['x']]));

function coverage(files: Record<string, [covered: number, total: number]>): CoverageMap {
  const map = new CoverageMap();
  for (const [path, [covered, total]] of Object.entries(files)) {
    const lines: [number, number][] = [];
    for (let line = 1; line <= total; line++) lines.push([line, line <= covered ? 1 : 0]);
    map.add({ path, lines });
  }
  return map;
}

const finding = (severity: SecurityFinding['severity'], file?: string): SecurityFinding => ({
  tool: 't',
  id: `id-${severity}`,
  severity,
  message: 'm',
  ...(file ? { file, line: 3 } : {}),
});

const status = (result: ReturnType<typeof evaluate>, id: string, scope = 'all') =>
  result.conditions.find((c) => c.id === id && c.scope === scope)?.status;

describe('evaluate', () => {
  it('shows every condition as not measured when nothing is given, and passes', () => {
    const result = evaluate(settings(), { files: {}, errors: {} });
    expect(result.passed).toBe(true);
    expect(new Set(result.conditions.map((c) => c.status))).toEqual(new Set(['not-measured']));
  });

  it('fails a required input that was not given', () => {
    const result = evaluate(settings({ required: ['coverage'] }), { files: {}, errors: {} });
    expect(result.passed).toBe(false);
    expect(result.conditions.find((c) => c.id === 'coverage')).toMatchObject({
      status: 'failed',
      actualText: 'missing',
    });
  });

  it('never passes on an unreadable report', () => {
    const data: GateData = { files: {}, errors: { coverage: 'cov.xml:3: malformed XML' } };
    const result = evaluate(settings({ reports: { ...settings().reports, ...given('coverage') } }), data);
    expect(result.passed).toBe(false);
    expect(result.conditions.find((c) => c.id === 'coverage')).toMatchObject({
      status: 'error',
      detail: 'cov.xml:3: malformed XML',
    });
  });

  it('compares coverage as shown, to two decimals', () => {
    const base = settings({ reports: { ...settings().reports, ...given('coverage') } });
    // 17/20 = 85.00% passes 85; 1699/2000 = 84.95% fails.
    expect(status(evaluate(base, { files: {}, errors: {}, coverage: coverage({ a: [17, 20] }) }), 'coverage')).toBe(
      'passed',
    );
    const failing = evaluate(base, { files: {}, errors: {}, coverage: coverage({ a: [1699, 2000] }) });
    expect(failing.conditions.find((c) => c.id === 'coverage')).toMatchObject({
      status: 'failed',
      actual: 84.95,
      actualText: '84.95% (1699/2000)',
    });
  });

  it('judges security findings by fail-on-severity, unknown ones by unknown-severity', () => {
    const base = settings({ reports: { ...settings().reports, ...given('security') } });
    const data = (findings: SecurityFinding[]): GateData => ({ files: {}, errors: {}, security: { findings } });
    expect(status(evaluate(base, data([finding('medium'), finding('low')])), 'security')).toBe('passed');
    expect(status(evaluate(base, data([finding('high')])), 'security')).toBe('failed');
    expect(status(evaluate(base, data([finding('unknown')])), 'security')).toBe('failed');
    const lenient = settings({ ...base, thresholds: { ...base.thresholds, 'unknown-severity': 'low' } });
    expect(status(evaluate(lenient, data([finding('unknown')])), 'security')).toBe('passed');
    const never = settings({ ...base, thresholds: { ...base.thresholds, 'fail-on-severity': 'none' } });
    expect(status(evaluate(never, data([finding('critical')])), 'security')).toBe('passed');
  });

  it('fails on complexity offenders and lists them most complex first', () => {
    const base = settings({ reports: { ...settings().reports, ...given('complexity') } });
    const functions = [
      { file: 'a.py', name: 'f', complexity: 11 },
      { file: 'b.py', name: 'g', complexity: 25 },
      { file: 'c.py', name: 'h', complexity: 10 },
    ];
    const result = evaluate(base, { files: {}, errors: {}, complexity: { functions } });
    expect(status(result, 'complexity')).toBe('failed');
    expect(result.scopes[0]?.complexity?.offenders.map((f) => f.name)).toEqual(['g', 'f']);
    expect(result.conditions.find((c) => c.id === 'complexity')?.actualText).toBe('max 25; 2 of 3 over');
  });

  it('computes the debt ratio from findings and executable lines', () => {
    const base = settings({ reports: { ...settings().reports, ...given('coverage', 'security', 'complexity') } });
    const data: GateData = {
      files: {},
      errors: {},
      coverage: coverage({ a: [90, 100] }),
      security: { findings: [finding('low')] },
      complexity: { functions: [{ file: 'a', name: 'f', complexity: 15 }] },
    };
    const result = evaluate(base, data);
    // (30 + 10 + 5) minutes / (100 lines x 30) = 1.5%
    expect(result.conditions.find((c) => c.id === 'debt-ratio')).toMatchObject({ status: 'passed', actual: 1.5 });
  });

  it('fails when the test reports hold failures, or no test case at all', () => {
    const base = settings({ reports: { ...settings().reports, ...given('tests') } });
    const cases = [
      { suite: 's', name: 'a', outcome: 'passed' as const },
      { suite: 's', name: 'b', outcome: 'failed' as const, message: 'boom' },
    ];
    const result = evaluate(base, { files: {}, errors: {}, tests: { cases } });
    expect(result.conditions.find((c) => c.id === 'tests')).toMatchObject({ status: 'failed', actual: 1 });
    expect(status(evaluate(base, { files: {}, errors: {}, tests: { cases: [] } }), 'tests')).toBe('failed');
  });

  it('gives each component its own conditions over its own files', () => {
    const base = settings({
      reports: { ...settings().reports, ...given('coverage') },
      components: [
        { name: 'api', path: 'api/', thresholds: { ...settings().thresholds, 'min-coverage': 90 } },
        { name: 'web', path: 'web/', thresholds: { ...settings().thresholds, 'min-coverage': 50 } },
      ],
    });
    const result = evaluate(base, {
      files: {},
      errors: {},
      coverage: coverage({ 'api/a.ts': [8, 10], 'web/b.ts': [6, 10] }),
    });
    expect(status(result, 'coverage', 'all')).toBe('failed'); // 70% < 85
    expect(status(result, 'coverage', 'api')).toBe('failed'); // 80% < 90
    expect(status(result, 'coverage', 'web')).toBe('passed'); // 60% >= 50
    expect(result.scopes.map((s) => s.scope)).toEqual(['all', 'api', 'web']);
  });

  it('measures coverage of changed executable lines only', () => {
    const base = settings({ reports: { ...settings().reports, ...given('coverage') }, baseRef: 'origin/main' });
    base.thresholds['min-diff-coverage'] = 80;
    const map = new CoverageMap();
    map.add({
      path: 'a.ts',
      lines: [
        [1, 1],
        [2, 0],
        [3, 1],
        [5, 0],
      ],
    });
    // Line 4 changed but is not executable; 2 and 5 changed and uncovered; 1 covered.
    const changed = new Map([['a.ts', new Set([1, 2, 4, 5])]]);
    const result = evaluate(base, { files: {}, errors: {}, coverage: map, changed });
    expect(result.conditions.find((c) => c.id === 'diff-coverage')).toMatchObject({ status: 'failed', actual: 33.33 });
    expect(result.scopes[0]?.diffCoverage?.uncovered).toEqual([{ path: 'a.ts', lines: [2, 5] }]);
  });

  it('fails a significant benchmark regression beyond max-regression, not noise', () => {
    const base = settings({ reports: { ...settings().reports, ...given('benchmarks', 'benchmark-baseline') } });
    const run = (name: string, samples: number[]) => ({ name, unit: 'ns/op', biggerIsBetter: false, samples });
    const baseline = {
      benchmarks: [
        run('Slow', [100, 101, 99, 100, 102, 98, 100, 101]),
        run('Noisy', [100, 80, 120, 95, 110, 90, 105, 100]),
      ],
    };
    const current = {
      benchmarks: [
        run('Slow', [120, 121, 119, 122, 118, 120, 121, 119]),
        run('Noisy', [110, 85, 125, 90, 115, 95, 100, 105]),
      ],
    };
    const result = evaluate(base, { files: {}, errors: {}, benchmarks: current, baseline });
    expect(result.benchmarks?.map((b) => [b.name, b.verdict])).toEqual([
      ['Slow', 'regressed'],
      ['Noisy', 'unchanged'],
    ]);
    expect(result.conditions.find((c) => c.id === 'benchmarks')).toMatchObject({ status: 'failed', detail: 'Slow' });
  });

  it('says so when a large slowdown has too few samples to be tested', () => {
    const base = settings({ reports: { ...settings().reports, ...given('benchmarks', 'benchmark-baseline') } });
    const run = (samples: number[]) => ({ benchmarks: [{ name: 'B', unit: 'ns/op', biggerIsBetter: false, samples }] });
    const result = evaluate(base, {
      files: {},
      errors: {},
      benchmarks: run([150, 151, 149]),
      baseline: run([100, 101, 99]),
    });
    const condition = result.conditions.find((c) => c.id === 'benchmarks');
    expect(condition?.status).toBe('passed');
    expect(condition?.detail).toBe('B: more than 5% slower, but too few samples to test (run at least 4 on each side)');
  });
});
