import { CoverageMap, type SecurityFinding } from '@ccm/reports';
import { describe, expect, it } from 'vitest';
import { gateAnnotations } from '../src/annotations';
import type { GateData } from '../src/collect';
import { evaluate } from '../src/evaluate';
import { ranges, renderSections, renderSummary } from '../src/render';
import type { GateSettings } from '../src/settings';
import { gateSettings } from './gate-settings';

/** The summary, comment and annotations are views of one evaluated result: built here from data. */
const settings = (overrides: Partial<GateSettings> = {}) =>
  gateSettings({
    reports: {
      coverage: ['lcov.info'],
      tests: ['junit.xml'],
      security: ['audit.json'],
      complexity: ['eslint.json'],
      benchmarks: ['new.txt'],
      'benchmark-baseline': ['old.txt'],
    },
    baseRef: 'origin/main',
    ...overrides,
    thresholds: { ...gateSettings().thresholds, 'min-diff-coverage': 80, ...overrides.thresholds },
  });

function coverage(): CoverageMap {
  const map = new CoverageMap();
  // src/a.ts: lines 1-10, 1-6 covered; api/b.ts: lines 1-4, all covered.
  map.add({ path: 'src/a.ts', lines: Array.from({ length: 10 }, (_, i) => [i + 1, i < 6 ? 1 : 0] as const) });
  map.add({ path: 'api/b.ts', lines: [1, 2, 3, 4].map((line) => [line, 2] as const) });
  return map;
}

const findings: SecurityFinding[] = [
  { tool: 'CodeQL', id: 'js/xss', severity: 'high', message: 'XSS\nsecond line', file: 'src/a.ts', line: 4 },
  { tool: 'CodeQL', id: 'js/log', severity: 'low', message: 'log injection', file: 'api/b.ts' },
  {
    tool: 'npm audit',
    id: 'GHSA-x',
    severity: 'critical',
    message: 'proto pollution',
    package: 'lodash',
    version: '4.17.0',
  },
  { tool: 'pip-audit', id: 'PYSEC-1', severity: 'unknown', message: 'no score', package: 'requests' },
];

function data(): GateData {
  return {
    coverage: coverage(),
    tests: {
      cases: [
        { suite: 's', name: 'passes', outcome: 'passed' },
        { suite: 's', name: 'breaks', outcome: 'failed', message: 'expected 1\nreceived 2' },
      ],
    },
    security: { findings },
    complexity: {
      functions: [
        { file: 'src/a.ts', name: 'big', line: 2, complexity: 14 },
        { file: 'api/b.ts', name: 'small', complexity: 3 },
        { file: 'api/b.ts', name: 'huge', complexity: 30 },
      ],
    },
    benchmarks: {
      benchmarks: [{ name: 'parse', unit: 'ns/op', biggerIsBetter: false, samples: [200, 201, 199, 202, 200] }],
    },
    baseline: {
      benchmarks: [{ name: 'parse', unit: 'ns/op', biggerIsBetter: false, samples: [100, 101, 99, 102, 100] }],
    },
    changed: new Map([
      ['src/a.ts', new Set([5, 6, 7, 8, 10, 11])],
      ['api/b.ts', new Set([1])],
    ]),
    files: {
      coverage: [{ file: 'lcov.info', format: 'lcov' }],
      tests: [{ file: 'junit.xml', format: 'junit' }],
    },
    errors: {},
  };
}

describe('gateAnnotations', () => {
  it('annotates located findings, complexity offenders and uncovered changed lines, most severe first', () => {
    const result = evaluate(settings(), data());
    expect(gateAnnotations(result, 50)).toEqual([
      { level: 'error', title: 'high CodeQL: js/xss', message: 'XSS\nsecond line', file: 'src/a.ts', line: 4 },
      {
        level: 'warning',
        title: 'Complexity 30',
        message: 'huge has a cyclomatic complexity of 30 (limit ≤ 10).',
        file: 'api/b.ts',
      },
      {
        level: 'warning',
        title: 'Complexity 14',
        message: 'big has a cyclomatic complexity of 14 (limit ≤ 10).',
        file: 'src/a.ts',
        line: 2,
      },
      {
        level: 'warning',
        title: 'Changed lines not covered',
        message: 'Lines 7-8 are changed in this pull request but not covered by any test.',
        file: 'src/a.ts',
        line: 7,
        endLine: 8,
      },
      {
        level: 'warning',
        title: 'Changed lines not covered',
        message: 'Line 10 is changed in this pull request but not covered by any test.',
        file: 'src/a.ts',
        line: 10,
      },
      { level: 'notice', title: 'low CodeQL: js/log', message: 'log injection', file: 'api/b.ts' },
    ]);
  });

  it('keeps the most severe within the limit, and has none without scopes', () => {
    const result = evaluate(settings(), data());
    expect(gateAnnotations(result, 2).map((a) => a.title)).toEqual(['high CodeQL: js/xss', 'Complexity 30']);
    expect(gateAnnotations({ ...result, scopes: [] }, 10)).toEqual([]);
  });
});

describe('renderSummary', () => {
  it('shows every section of a failed gate: findings, offenders, changed lines, files, debt, tests, benchmarks', () => {
    const summary = renderSummary(evaluate(settings(), data()));
    expect(summary).toMatch(/^## ❌ gate failed \(\d of \d conditions\)/);
    expect(summary).toContain('### Security findings: 1 critical, 1 high, 1 low, 1 unknown');
    expect(summary).toContain('| high | CodeQL | js/xss | <code>src/a.ts:4</code> | XSS |');
    expect(summary).toContain('| low | CodeQL | js/log | <code>api/b.ts</code> | log injection |');
    expect(summary).toContain(
      '| critical | npm audit | GHSA-x | <code>lodash@&#8203;4.17.0</code> | proto pollution |',
    );
    expect(summary).toContain('| unknown | pip-audit | PYSEC-1 | <code>requests@&#8203;?</code> | no score |');
    expect(summary).toContain('### Complexity offenders');
    expect(summary).toContain('| <code>api/b.ts</code> | huge | 30 |');
    expect(summary).toContain('| <code>src/a.ts:2</code> | big | 14 |');
    expect(summary).toContain(
      '### Changed lines not covered\n\n| File | Lines |\n| --- | --- |\n| <code>src/a.ts</code> | 7-8, 10 |',
    );
    expect(summary).toContain('### Least-covered files (2 files, 71.43%)');
    expect(summary).toContain('Technical debt:');
    expect(summary).toContain('### Failed tests');
    expect(summary).toContain('| s | breaks | expected 1 |');
    expect(summary).toContain('### Benchmarks');
    expect(summary).toMatch(/\| parse \| ns\/op \| 100 \| 200 \| \+100\.00% \| 0\.\d{3} \| regressed \|/);
    expect(summary).toContain('<summary>Reports read (2)</summary>');
  });

  it('prefixes each scope section with its component when there are several scopes', () => {
    const result = evaluate(
      settings({
        components: [{ name: 'api', path: 'api/', thresholds: settings().thresholds }],
      }),
      data(),
    );
    const sections = renderSections(result);
    expect(sections.filter((s) => s.startsWith('### All: '))).not.toHaveLength(0);
    expect(sections).toContain(
      '### api: Complexity offenders\n\n| Where | Function | Complexity |\n| --- | --- | ---: |\n| <code>api/b.ts</code> | huge | 30 |',
    );
    expect(renderSummary(result)).toContain('| Scope | Condition | Threshold | Actual | Verdict |');
  });

  it('has no detail sections when nothing was read', () => {
    const empty = settings({
      reports: { coverage: [], tests: [], security: [], complexity: [], benchmarks: [], 'benchmark-baseline': [] },
      baseRef: undefined,
    });
    const result = evaluate(empty, { files: {}, errors: {} });
    expect(renderSections(result)).toEqual([]);
    expect(renderSummary(result)).toMatch(/^## ✅ gate passed\n\n\| Condition \|/);
  });
});

describe('ranges', () => {
  it('joins consecutive lines into runs', () => {
    expect(ranges([3, 4, 5, 9, 12, 13])).toBe('3-5, 9, 12-13');
    expect(ranges([])).toBe('');
  });
});
