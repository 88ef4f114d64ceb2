import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { describe, expect, it } from 'vitest';
import { fakeRuntime } from '../../../test/support/fake-runtime';
import type { GateResult } from '../src/result';
import { GateFailedError, qualityGateStep } from '../src/step';

/** geninfo(1)'s TRACEFILE FORMAT: a.ts has lines 1-4, 1 and 2 covered. */
const LCOV = 'TN:\nSF:src/a.ts\nDA:1,3\nDA:2,1\nDA:3,0\nDA:4,0\nLF:4\nLH:2\nend_of_record\n';
/** Go's `testing` benchmark output (go help testflag; one line per benchmark and -count run). */
const GO_BENCH = 'goos: linux\ngoarch: amd64\nBenchmarkSum-2   \t 1000000\t      1000 ns/op\nPASS\n';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-measured-'));
  writeFileSync(join(dir, 'lcov.info'), LCOV);
  writeFileSync(join(dir, 'bench.txt'), GO_BENCH);
  return dir;
}

async function step(inputs: Record<string, string>) {
  const dir = workspace();
  const { runtime, record } = fakeRuntime(inputs);
  const outcome: { result?: GateResult; error?: unknown } = await qualityGateStep(runtime, {
    workspace: dir,
    tempDir: dir,
  }).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, record };
}

describe('a gate that measured nothing is a configuration error, never a pass', () => {
  it.each([
    ['no report input at all', {}],
    ["coverage: '' from an empty variable", { coverage: '' }],
    ['only blanks', { coverage: '  \n ', tests: '\n' }],
    ['a misspelt input (the runner only warns), thresholds set', { coverge: 'lcov.info', 'min-coverage': '80' }],
  ])('%s', async (_name, inputs) => {
    const { error, record } = await step(inputs);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(GateFailedError);
    expect((error as Error).message).toMatch(
      /^quality-gate measured nothing: no report input was given\. Expected at least one of the inputs coverage, tests, security, complexity or benchmarks/,
    );
    expect(record.outputs.passed).toBeUndefined();
  });

  it('benchmarks with no baseline measure nothing, and say why', async () => {
    const { error } = await step({ benchmarks: 'bench.txt' });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'quality-gate measured nothing: no condition could be measured from the reports given (Benchmark regression: no benchmark-baseline to compare with).',
    );
  });

  it('one measured condition is enough', async () => {
    const { result } = await step({ coverage: 'lcov.info', 'min-coverage': '50' });
    expect(result?.passed).toBe(true);
  });
});

describe('a condition asked for but not measurable says why in the summary', () => {
  it('min-diff-coverage on a push (no base-ref)', async () => {
    const { result, record } = await step({ coverage: 'lcov.info', 'min-coverage': '50', 'min-diff-coverage': '80' });
    expect(result?.conditions.find((c) => c.id === 'diff-coverage')).toMatchObject({
      status: 'not-measured',
      requested: true,
    });
    expect(record.summary).toContain(
      '- ➖ **Coverage of changed lines**: no base-ref to diff against (not a pull request): set base-ref, e.g. origin/main',
    );
  });

  it('min-diff-coverage with no coverage input', async () => {
    const { record } = await step({
      benchmarks: 'bench.txt',
      'benchmark-baseline': 'bench.txt',
      'min-diff-coverage': '80',
      'base-ref': 'HEAD',
    });
    expect(record.summary).toContain(
      '- ➖ **Coverage of changed lines**: min-diff-coverage is set but no coverage input was given',
    );
  });

  it('an input simply not given stays quiet', async () => {
    const { record } = await step({ coverage: 'lcov.info', 'min-coverage': '50' });
    expect(record.summary).not.toContain('input tests not given');
  });
});

describe('what a parser had to choose reaches the log and the summary', () => {
  it('an lcov section whose DA records disagree with LF/LH', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'lcov.info'), 'SF:src/a.ts\nDA:1,1\nDA:2,0\nLF:3\nLH:1\nend_of_record\n');
    const { runtime, record } = fakeRuntime({ coverage: 'lcov.info', 'min-coverage': '50' });
    await qualityGateStep(runtime, { workspace: dir, tempDir: dir });
    const warning = `${join(dir, 'lcov.info')}: 1 section(s) where DA and LF/LH disagree: src/a.ts: DA records 2 lines (1 hit), LF 3, LH 1; used the DA records`;
    expect(record.logger.lines).toContainEqual({ level: 'warning', message: warning });
    expect(record.summary).toContain('- ⚠️ ');
    expect(record.summary).toContain('src/a.ts: DA records 2 lines (1 hit), LF 3, LH 1; used the DA records');
  });
});
