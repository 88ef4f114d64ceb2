import type { GateResult } from '@ccm/gate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSignSummary } from '../../packages/supply-chain/src/step/summary';
import { githubTriggers, renderGitHubMarkdown, skeleton, texts } from '../support/gfm';
import { checkViews } from './views';

/**
 * Generated report text through every renderer: the gate's summary, comment, annotations and CLI
 * output (checkViews), and the sbom-sign summary. Seeded, so a failure reproduces.
 */

/** Text a hostile report could carry: anything, and strings dense in Markdown, HTML and runner syntax. */
const hostile = fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.constantFrom(
          '\n',
          '\r\n',
          '%0A',
          '|',
          '`',
          '```',
          '<img src=https://evil.example/p.gif>',
          '<details>',
          '<!--',
          '-->',
          '[x](https://evil.example)',
          '![i](https://evil.example/i.png)',
          'https://evil.example',
          'www.evil.example',
          'a@evil.example',
          '@org/team',
          '@octocat',
          '#1',
          ':tada:',
          '# ',
          '- ',
          '1. ',
          '> ',
          '    ',
          '*',
          '_',
          '\\',
          '&lt;',
          '::add-mask::',
          '::error file=x::',
          '##[set-output name=passed]true',
          '::stop-commands::t',
          'x',
          ' ',
        ),
        { minLength: 1, maxLength: 8 },
      )
      .map((parts) => parts.join('')),
  },
);

const severity = fc.constantFrom('critical', 'high', 'medium', 'low', 'unknown' as const);
const line = fc.option(fc.integer({ min: 1, max: 9999 }), { nil: undefined });

const gateResult: fc.Arbitrary<GateResult> = fc
  .record({
    name: hostile,
    scope: hostile,
    detail: hostile,
    findings: fc.array(
      fc.record({
        tool: hostile,
        id: hostile,
        severity,
        message: hostile,
        file: fc.option(hostile, { nil: undefined }),
        line,
        package: hostile,
        version: fc.option(hostile, { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    offenders: fc.array(
      fc.record({ file: hostile, name: hostile, line, complexity: fc.integer({ min: 11, max: 99 }) }),
      { maxLength: 3 },
    ),
    uncovered: fc.array(
      fc.record({
        path: hostile,
        lines: fc
          .uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 })
          .map((l) => l.sort((a, b) => a - b)),
      }),
      { maxLength: 3 },
    ),
    least: fc.array(fc.record({ path: hostile, covered: fc.nat(10), total: fc.integer({ min: 10, max: 20 }) }), {
      maxLength: 3,
    }),
    failures: fc.array(
      fc.record({
        suite: hostile,
        name: hostile,
        message: hostile,
        outcome: fc.constantFrom('failed', 'error' as const),
      }),
      { maxLength: 4 },
    ),
    benchmarks: fc.array(fc.record({ name: hostile, unit: hostile, note: hostile }), { maxLength: 2 }),
    files: fc.array(hostile, { maxLength: 3 }),
  })
  .map(
    (g) =>
      ({
        name: g.name,
        passed: false,
        conditions: [
          {
            id: 'tests',
            scope: 'all',
            label: 'Tests',
            threshold: 'no failures',
            actualText: '1 failed',
            status: 'failed',
            detail: g.detail,
          },
          {
            id: 'complexity',
            scope: g.scope,
            label: 'Complexity',
            threshold: '≤ 10',
            actualText: '30',
            status: 'error',
            detail: g.detail,
          },
        ],
        scopes: [
          {
            scope: 'all',
            security: { bySeverity: { critical: 1, high: 0, medium: 0, low: 0, unknown: 0 }, findings: g.findings },
            complexity: { functions: 3, max: 30, offenders: g.offenders },
            diffCoverage: { covered: 1, total: 2, percent: 50, uncovered: g.uncovered },
            coverage: {
              covered: 1,
              total: 2,
              percent: 50,
              files: 2,
              leastCovered: g.least.map((l) => ({ ...l, percent: (l.covered / l.total) * 100 })),
            },
            debt: { remediationMinutes: 10, linesOfCode: 100, ratio: 0.3 },
          },
          { scope: g.scope, complexity: { functions: 1, max: 12, offenders: g.offenders.slice(0, 1) } },
        ],
        tests: { total: 5, passed: 1, failed: 2, errors: 2, skipped: 0, failures: g.failures },
        benchmarks: g.benchmarks.map((b) => ({
          ...b,
          biggerIsBetter: false,
          baseline: 100,
          current: 120,
          changePercent: 20,
          pValue: 0.01,
          verdict: 'regressed' as const,
        })),
        files: { coverage: g.files.map((file) => ({ file, format: 'lcov' })) },
      }) as unknown as GateResult,
  );

describe('generated report text through every renderer', () => {
  it('the gate summary, comment, annotations and CLI output show it only as text', () => {
    fc.assert(
      fc.property(gateResult, (result) => checkViews(result)),
      { numRuns: 100, seed: 20261203 },
    );
  });

  it('the sbom-sign summary shows subject names, digests, bundles and warnings only as text', () => {
    const subjects = fc.array(
      fc.record({ name: hostile, digest: hostile, bundle: fc.option(hostile, { nil: undefined }) }),
      { maxLength: 3 },
    );
    fc.assert(
      fc.property(
        subjects,
        fc.array(hostile, { maxLength: 3 }),
        fc.option(hostile, { nil: undefined }),
        (list, warnings, provenance) => {
          const render = (s: typeof list, w: string[], p: string | undefined) =>
            renderSignSummary(
              {
                sbom: { components: [{ ecosystem: 'npm', scope: 'required' }], warnings: w },
                subjects: s,
                ...(p === undefined ? {} : { provenanceBundle: p }),
              } as never,
              'key',
            );
          const bland = (v: string) => (v === '' ? '' : 'p');
          const page = renderGitHubMarkdown(render(list, warnings, provenance));
          const expected = renderGitHubMarkdown(
            render(
              list.map((s) => ({
                name: bland(s.name),
                digest: bland(s.digest),
                bundle: s.bundle === undefined ? undefined : bland(s.bundle),
              })),
              warnings.map(bland),
              provenance === undefined ? undefined : bland(provenance),
            ),
          );
          expect(skeleton(page)).toBe(skeleton(expected));
          for (const text of texts(page)) expect(githubTriggers(text)).toEqual([]);
        },
      ),
      { numRuns: 150, seed: 20261204 },
    );
  });
});
