import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/collect';
import type { GateSettings, ReportInput } from '../src/settings';
import { gateSettings } from './gate-settings';

/** One small report per input, each written to its tool's documented format. */
const REPORTS = {
  // geninfo(1) TRACEFILE FORMAT.
  'lcov.info': 'TN:\nSF:src/a.ts\nDA:1,1\nDA:2,0\nend_of_record\n',
  // The JUnit XML Surefire and pytest write.
  'junit.xml':
    '<testsuites><testsuite name="s"><testcase classname="s" name="ok"/><testcase classname="s" name="bad"><failure message="boom"/></testcase></testsuite></testsuites>',
  // npm audit --json, auditReportVersion 2 (npm 7+).
  'audit.json': JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: {
      lodash: {
        name: 'lodash',
        severity: 'high',
        via: [{ source: 1523, title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw' }],
        fixAvailable: true,
      },
    },
  }),
  // eslint -f json with complexity: ['warn', 0].
  'eslint.json': JSON.stringify([
    {
      filePath: '/repo/src/a.ts',
      messages: [
        { ruleId: 'complexity', line: 1, message: "Function 'f' has a complexity of 3. Maximum allowed is 0." },
      ],
    },
  ]),
  // go test -bench output (golang.org/design/14313-benchmark-format).
  'new.txt': 'pkg: example.com/m\nBenchmarkParse-8   1000   1200 ns/op\n',
  'old.txt': 'pkg: example.com/m\nBenchmarkParse-8   1000   1000 ns/op\n',
  'broken.xml': '<testsuites><testsuite name="s"><testcase name="cut"',
};

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'ccm-collect-'));
  for (const [name, text] of Object.entries(REPORTS)) writeFileSync(join(root, name), text);
  return root;
}

const settings = (
  root: string,
  reports: Partial<Record<ReportInput, string[]>>,
  overrides: Partial<GateSettings> = {},
) => gateSettings({ root, reports, ...overrides });

describe('collect', () => {
  it('reads every given input with its loader and lists the files read', async () => {
    const root = workspace();
    const data = await collect(
      settings(root, {
        coverage: ['lcov.info'],
        tests: ['junit.xml'],
        security: ['audit.json'],
        complexity: ['eslint.json'],
        benchmarks: ['new.txt'],
        'benchmark-baseline': ['old.txt'],
      }),
    );
    expect(data.errors).toEqual({});
    expect(data.coverage?.totals()).toMatchObject({ covered: 1, total: 2 });
    expect(data.tests?.cases.map((c) => `${c.name} ${c.outcome}`)).toEqual(['ok passed', 'bad failed']);
    expect(data.security?.findings).toMatchObject([{ tool: 'npm audit', id: 'GHSA-p6mc-m468-83gw', severity: 'high' }]);
    expect(data.complexity?.functions).toMatchObject([{ name: 'f', complexity: 3 }]);
    expect(data.benchmarks?.benchmarks).toMatchObject([{ name: 'example.com/m.BenchmarkParse', samples: [1200] }]);
    expect(data.baseline?.benchmarks).toMatchObject([{ name: 'example.com/m.BenchmarkParse', samples: [1000] }]);
    expect(Object.keys(data.files)).toEqual([
      'coverage',
      'tests',
      'security',
      'complexity',
      'benchmarks',
      'benchmark-baseline',
    ]);
    expect(data.files.tests).toMatchObject([{ format: 'junit' }]);
    expect(data.changed).toBeUndefined();
  });

  it('reads nothing for inputs left empty', async () => {
    const data = await collect(settings(workspace(), {}));
    expect(data).toEqual({ files: {}, errors: {} });
  });

  it('keeps a user mistake as that input’s error and reads the others', async () => {
    const root = workspace();
    const data = await collect(
      settings(root, { coverage: ['lcov.info'], tests: ['broken.xml'], security: ['missing/*.json'] }),
    );
    expect(data.coverage).toBeDefined();
    expect(data.tests).toBeUndefined();
    expect(data.errors.tests).toMatch(/broken\.xml/);
    expect(data.errors.security).toBe(`input security: 'missing/*.json' matched no file under ${root}`);
    expect(Object.keys(data.files)).toEqual(['coverage']);
  });

  it('reads changed lines only when a diff-coverage threshold is set, keeping a bad base ref as its error', async () => {
    const root = workspace();
    const without = await collect(settings(root, { coverage: ['lcov.info'] }, { baseRef: 'origin/main' }));
    expect(without.errors['base-ref']).toBeUndefined();
    const component = {
      name: 'api',
      path: 'api/',
      thresholds: { ...settings(root, {}).thresholds, 'min-diff-coverage': 80 },
    };
    const withDiff = await collect(
      settings(root, { coverage: ['lcov.info'] }, { baseRef: 'no-such-ref', components: [component] }),
    );
    expect(withDiff.errors['base-ref']).toMatch(/^input base-ref: 'no-such-ref' is not a commit in /);
    expect(withDiff.changed).toBeUndefined();
  });
});
