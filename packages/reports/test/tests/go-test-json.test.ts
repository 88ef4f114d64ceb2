import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import type { TestCaseResult, TestOutcome } from '../../src/model';
import { filesIn, ownFixture, parseReport, sharedFixtures } from '../security/helpers';

async function parseGo(file: string): Promise<TestCaseResult[]> {
  const { format, result } = await parseReport(file, 'tests');
  expect(format).toBe('go-test-json');
  return result.cases;
}

function outcomes(cases: readonly TestCaseResult[]): Partial<Record<TestOutcome, number>> {
  const counts: Partial<Record<TestOutcome, number>> = {};
  for (const c of cases) counts[c.outcome] = (counts[c.outcome] ?? 0) + 1;
  return counts;
}

/**
 * Counted by hand from the events: each pass/fail/skip of a test; a package that fails with no
 * failing test is one error. (These fixtures have no test left running when its package ends.)
 */
function expectedOutcomes(text: string): Partial<Record<TestOutcome, number>> {
  const counts: Partial<Record<TestOutcome, number>> = {};
  const failingPackages = new Set<string>();
  const add = (o: TestOutcome) => {
    counts[o] = (counts[o] ?? 0) + 1;
  };
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = JSON.parse(line) as { Action: string; Package?: string; Test?: string };
    if (event.Test !== undefined) {
      if (event.Action === 'pass') add('passed');
      if (event.Action === 'skip') add('skipped');
      if (event.Action === 'fail') {
        add('failed');
        failingPackages.add(event.Package ?? '');
      }
    } else if (event.Action === 'fail' && !failingPackages.has(event.Package ?? '')) add('error');
  }
  return counts;
}

const gotest = join(sharedFixtures, 'gotest');

describeConformance('gotest', 'go test -json conformance with real streams', () => {
  for (const file of existsSync(gotest) ? filesIn(gotest, /\.out$/) : []) {
    it(basename(file), async () => {
      const cases = await parseGo(file);
      expect(outcomes(cases)).toEqual(expectedOutcomes(readFileSync(file, 'utf8')));
      for (const c of cases) expect(c.suite).not.toBe('');
    });
  }

  it('reads the stream of gotestsum-go-test-json.out in detail', async () => {
    const cases = await parseGo(join(gotest, 'gotestsum-go-test-json.out'));
    expect(outcomes(cases)).toEqual({ passed: 42, failed: 12, skipped: 5, error: 1 });
    // badmain exits 2 without a failing test: one error case carrying the package output.
    expect(cases.find((c) => c.outcome === 'error')).toMatchObject({
      suite: 'gotest.tools/gotestsum/testjson/internal/badmain',
      name: '[package failed]',
      message: expect.stringContaining('sometimes main can exit 2'),
    });
    const failed = cases.find((c) => c.outcome === 'failed' && c.message);
    expect(failed?.message).not.toMatch(/^=== RUN|--- FAIL/m);
  });

  it('turns a Go 1.24 build failure into an error with the compiler output', async () => {
    const cases = await parseGo(join(gotest, 'gotestsum-go-test-build-failed.out'));
    expect(cases).toEqual([
      {
        suite: 'example.com/internal/cacher',
        name: '[build failed]',
        outcome: 'error',
        message: expect.stringContaining('./directory_test.go:321:10: undefined: assert.foo'),
      },
    ]);
  });
});

describe('go test -json edge cases', () => {
  it('reads -count, a panicking test, a text build failure and skips', async () => {
    const cases = await parseGo(ownFixture('tests', 'go-test-count-panic.out'));
    expect(cases.map((c) => [c.suite, c.name, c.outcome])).toEqual([
      ['example.com/calc', 'TestAdd', 'passed'],
      ['example.com/calc', 'TestAdd', 'passed'],
      ['example.com/calc', 'TestDiv/by_zero', 'failed'],
      ['example.com/calc', 'TestDiv', 'failed'],
      ['example.com/crash', 'TestNilMap', 'failed'],
      ['example.com/broken', '[build failed]', 'error'],
      ['example.com/skips', 'TestLater', 'skipped'],
    ]);
    expect(cases[2]?.message).toBe('calc_test.go:21: got 0, want error');
    expect(cases[1]?.durationSeconds).toBe(0.01);
    expect(cases[4]?.message).toMatch(/^panic: assignment to entry in nil map\n\(no result: the package failed/);
  });

  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gotest-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, content: string) => {
    const file = join(dir, name);
    await writeFile(file, content);
    return file;
  };
  const rejects = async (file: string, message: RegExp) => {
    const error = await parseReport(file, 'tests').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toMatch(message);
  };

  it('reads a one-event stream (a whole JSON document)', async () => {
    const file = await write('one.json', '{"Action":"fail","Package":"example.com/x","Elapsed":0}\n');
    expect(await parseGo(file)).toMatchObject([{ outcome: 'error', name: '[package failed]' }]);
  });
  it('rejects a stream cut while a test runs', async () => {
    await rejects(
      ownFixture('tests', 'go-test-truncated.out'),
      /truncated: test TestNilMap of package example.com\/crash/,
    );
  });
  it('rejects a malformed event with its line', async () => {
    const file = await write('bad.out', '{"Action":"run","Package":"p","Test":"T"}\n{"Action":"pass","Package":\n');
    await rejects(file, /bad\.out:2: malformed go test event/);
  });
  it('rejects an event of the wrong shape with its line', async () => {
    const file = await write('shape.out', '{"Action":"run","Package":"p","Test":"T"}\n{"Action":"pass","Package":7}\n');
    await rejects(file, /shape\.out:2: Package: expected a string, found number 7/);
  });
  it('does not take other JSON lines for go test', async () => {
    const file = await write('other.jsonl', '{"level":"info","msg":"hi"}\n{"level":"info","msg":"there"}\n');
    await rejects(file, /malformed JSON/);
  });
});
