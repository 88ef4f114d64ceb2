import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { collect, evaluate, type GateSettings } from '@ccm/gate';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { gateSettings } from '../../packages/gate/test/gate-settings';
import { CONFORMANCE_TAG, describeWith, SHARED_FIXTURES } from '../support/requirements';
import { type Mutation, mutate, mutation } from './mutate';
import { checkViews } from './views';

/**
 * Real tool outputs from ../shared/fixtures, mutated a few thousand times per family and read the
 * way the quality gate reads them (collect, evaluate), then rendered. Never a crash (a malformed
 * report is the input's error, naming the file), never a pass on a report that could not be read,
 * and never a rendered element that came from the report's text.
 */
const SHARED = SHARED_FIXTURES;
const BUNDLED = resolve(import.meta.dirname, '../../packages/reports/test/fixtures');

export type Input = 'coverage' | 'tests' | 'security' | 'complexity' | 'benchmarks';

/** Per family: the reports to mutate (small real ones, so thousands of runs stay quick). */
export const FAMILIES: Record<Input, { files: string[]; runs: number }> = {
  coverage: {
    files: [
      join(SHARED, 'jacoco/sonar-jacoco-simple-project-raw.xml'),
      join(SHARED, 'clover/php-code-coverage-NamespacedBankAccount-openclover.template.xml'),
    ],
    runs: 2000,
  },
  tests: {
    files: [join(SHARED, 'gotest/gotestsum-go-test-build-failed.out'), join(BUNDLED, 'tests/surefire.xml')],
    runs: 2000,
  },
  security: {
    files: [
      join(SHARED, 'sarif/semgrep-snapshot-with-source.sarif'),
      join(SHARED, 'npm-audit/audit-ci-npm7-critical.json'),
      join(SHARED, 'pip-audit/pip-audit-legacy-list-many-vulns.json'),
      join(SHARED, 'grype/grype-golden-TestJsonImgsPresenter.json'),
      join(SHARED, 'trivy/trivy-golden-pom.json'),
    ],
    runs: 2000,
  },
  complexity: { files: [join(SHARED, 'jacoco/sonar-jacoco-aggregate-groups.xml')], runs: 2000 },
  benchmarks: {
    // Real outputs of go test -bench and pytest-benchmark (origins in that folder's README); the
    // unmutated report is the baseline, so the comparison runs too.
    files: [join(BUNDLED, 'benchmarks/go-bench.txt'), join(BUNDLED, 'benchmarks/pytest-benchmark.json')],
    runs: 2000,
  },
};

/** The views are rendered for one mutated report in this many (rendering costs far more than reading). */
const RENDER_EVERY = 40;
/** HOSTILE_SCALE=0.1 runs a tenth of the mutations, for a quick look while working on a parser. */
const SCALE = Number(process.env.HOSTILE_SCALE ?? '1');

const dir = mkdtempSync(join(tmpdir(), 'ccm-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function settingsFor(input: Input, file: string, original: string): GateSettings {
  const reports: Partial<Record<string, string[]>> = { [input]: [file] };
  if (input === 'benchmarks') reports['benchmark-baseline'] = [original];
  return gateSettings({ root: dir, reports });
}

/** One family's suite; each family has its own test file, so vitest runs them side by side. */
export function hostileReports(input: Input): void {
  const { files, runs } = FAMILIES[input];
  // A clone alone shows one skipped "not run" test and test/run reports it; with ../shared present,
  // a report that moved fails the suite rather than letting it run nothing.
  const shared = { what: '../shared/fixtures', present: existsSync(SHARED), strict: false };
  describeWith(shared, `${CONFORMANCE_TAG} mutated real ${input} reports through the quality gate`, () => {
    it('has the real reports it mutates', () => {
      for (const file of files) expect(existsSync(file), file).toBe(true);
    });

    it(`${input}: ${runs} mutations of ${files.map((f) => basename(f)).join(', ')}`, async () => {
      const bases = files.map((file) => readFileSync(file));
      const outcome = { unreadable: 0, read: 0, rendered: 0 };
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.nat(bases.length - 1),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          async (which, mutations: Mutation[]) => {
            const bytes = mutations.reduce((report, m) => mutate(report, m), bases[which] as Buffer);
            const file = join(dir, `${input}-${run++}${extensionOf(files[which] as string)}`);
            writeFileSync(file, bytes);
            const settings = settingsFor(input, file, files[which] as string);
            // collect keeps a user's error (a malformed report) as the input's error and throws anything else.
            const data = await collect(settings);
            const result = evaluate(settings, data);
            const error = data.errors[input];
            if (error !== undefined) {
              outcome.unreadable++;
              expect(error).toContain(basename(file));
              expect(result.passed).toBe(false);
              expect(result.conditions.find((c) => c.status === 'error')).toBeDefined();
            } else outcome.read++;
            const hostileText = mutations.some((m) => m.kind === 'hostile-text');
            if (run % RENDER_EVERY === 0 || (hostileText && run % 8 === 0)) {
              outcome.rendered++;
              checkViews(result);
            }
          },
        ),
        { numRuns: Math.max(1, Math.round(runs * SCALE)), seed: 8_2026 + runs + input.length },
      );
      // Both paths were taken: some damage is read (or read around), some refused.
      expect(outcome.unreadable).toBeGreaterThan(0);
      expect(outcome.read).toBeGreaterThan(0);
      console.log(`[hostile] ${input}: ${JSON.stringify(outcome)}`);
    });
  });
}

function extensionOf(file: string): string {
  const match = /\.[a-z]+$/.exec(file);
  return match ? match[0] : '';
}
