import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FileError } from '@ccm/toolkit/errors';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWith, tool } from '../../../../test/support/requirements';
import type { TestCaseResult, TestOutcome } from '../../src/model';
import { ownFixture, parseReport } from '../security/helpers';

const run = promisify(execFile);

async function parseTests(file: string): Promise<TestCaseResult[]> {
  const { format, result } = await parseReport(file, 'tests');
  expect(format).toBe('junit');
  return result.cases;
}

function outcomes(cases: readonly TestCaseResult[]): Partial<Record<TestOutcome, number>> {
  const counts: Partial<Record<TestOutcome, number>> = {};
  for (const c of cases) counts[c.outcome] = (counts[c.outcome] ?? 0) + 1;
  return counts;
}

type Node = Record<string, unknown>;

/**
 * The outcomes read independently with fast-xml-parser: every <testcase> anywhere, its direct
 * <failure>/<error>/<skipped> children deciding (a todo skip wins, then failure, error, skipped).
 */
function expectedOutcomes(xml: string): Partial<Record<TestOutcome, number>> {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as Node;
  const found: TestOutcome[] = [];
  const walk = (node: unknown, name: string) => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, name);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const element = node as Node;
    if (name === 'testcase') {
      const skipped = ([] as unknown[]).concat(element.skipped ?? []);
      const todo = skipped.some((s) => typeof s === 'object' && (s as Node)['@type'] === 'todo');
      found.push(
        todo
          ? 'skipped'
          : element.failure !== undefined
            ? 'failed'
            : element.error !== undefined
              ? 'error'
              : skipped.length
                ? 'skipped'
                : 'passed',
      );
      return;
    }
    for (const [key, value] of Object.entries(element)) if (!key.startsWith('@')) walk(value, key);
  };
  walk(doc, '');
  const counts: Partial<Record<TestOutcome, number>> = {};
  for (const o of found) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

describe('JUnit XML fixtures', () => {
  it('reads Maven Surefire', async () => {
    const cases = await parseTests(ownFixture('tests', 'surefire.xml'));
    expect(outcomes(cases)).toEqual({ passed: 2, failed: 2, error: 1, skipped: 1 });
    const divides = cases.find((c) => c.name === 'divides');
    expect(divides).toMatchObject({
      suite: 'com.example.CalculatorTest',
      outcome: 'failed',
      message: 'expected: <2> but was: <3>',
      durationSeconds: 0.003,
    });
    expect(cases.find((c) => c.name === 'parses')?.message).toBe('For input string: "x"');
    // No message attribute: the text is the message.
    expect(cases.find((c) => c.name === 'slow')).toMatchObject({
      durationSeconds: 1234.56,
      message: expect.stringMatching(/^java.lang.AssertionError\n\tat com.example/),
    });
    // A flaky failure that passed on rerun is a pass.
    expect(cases.find((c) => c.name === 'flaky')?.outcome).toBe('passed');
  });

  it('reads jest-junit (message only as text, file attribute)', async () => {
    const cases = await parseTests(ownFixture('tests', 'jest-junit.xml'));
    expect(outcomes(cases)).toEqual({ passed: 2, failed: 1, skipped: 1 });
    expect(cases.find((c) => c.outcome === 'failed')).toMatchObject({
      suite: 'math subtracts',
      file: 'src/math.test.js',
      message: expect.stringMatching(/^Error: expect\(received\)\.toBe\(expected\)[\s\S]*math\.test\.js:8:17\)$/),
    });
  });

  it('reads the vitest junit reporter', async () => {
    const cases = await parseTests(ownFixture('tests', 'vitest-junit.xml'));
    expect(outcomes(cases)).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(cases[1]).toMatchObject({
      suite: 'test/a.test.ts',
      name: 'suite > fails',
      message: 'expected 1 to be 2 // Object.is equality',
    });
  });

  it("reads Node's junit reporter: cases under <testsuites>, nested suites, todo", async () => {
    const cases = await parseTests(ownFixture('tests', 'node-junit.xml'));
    // 8 cases; the comments say "tests 9" because they count the parent test with subtests too.
    expect(cases).toHaveLength(8);
    expect(outcomes(cases)).toEqual({ passed: 4, failed: 2, skipped: 2 });
    expect(cases.find((c) => c.name === 'todo one')?.outcome).toBe('skipped');
    expect(cases.find((c) => c.name === 'inner fail')).toMatchObject({
      suite: 'group › deeper',
      outcome: 'failed',
      message: 'bad thing',
    });
    expect(cases.find((c) => c.name === 'passes')?.suite).toBe('test');
  });

  it.each(['surefire.xml', 'jest-junit.xml', 'vitest-junit.xml', 'node-junit.xml'])(
    'agrees with an independent reading of %s',
    async (name) => {
      const file = ownFixture('tests', name);
      expect(outcomes(await parseTests(file))).toEqual(expectedOutcomes(await readFile(file, 'utf8')));
    },
  );

  it('caps long failure text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'junit-'));
    const file = join(dir, 'long.xml');
    await writeFile(
      file,
      `<testsuite name="s"><testcase name="t"><failure>\n${'x'.repeat(50_000)}\n</failure></testcase></testsuite>`,
    );
    const [only] = await parseTests(file);
    expect(only?.message?.length).toBe(2000);
    await rm(dir, { recursive: true });
  });
});

describe('JUnit XML from real tools', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'junit-real-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads node --test --test-reporter=junit', async () => {
    const testFile = join(dir, 'sample.test.mjs');
    await writeFile(
      testFile,
      [
        "import { test, describe, it } from 'node:test';",
        "import assert from 'node:assert';",
        "test('passes', () => assert.ok(true));",
        "test('fails', () => assert.strictEqual(1, 2));",
        "test('skipped', { skip: 'not now' }, () => {});",
        "describe('group', () => { it('inner', () => {}); });",
      ].join('\n'),
    );
    const out = join(dir, 'node-junit.xml');
    await run(process.execPath, ['--test', '--test-reporter=junit', `--test-reporter-destination=${out}`, testFile], {
      cwd: dir,
    }).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error; // 1: a test failed, as intended
    });
    const cases = await parseTests(out);
    expect(outcomes(cases)).toEqual({ passed: 2, failed: 1, skipped: 1 });
    expect(outcomes(cases)).toEqual(expectedOutcomes(await readFile(out, 'utf8')));
    expect(cases.find((c) => c.name === 'fails')?.message).toMatch(/strictly equal/);
    expect(cases.find((c) => c.name === 'inner')?.suite).toBe('group');
  });

  const pytest = {
    ...tool('/usr/bin/python3', 'pytest (python3-pytest)'),
    present: existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import pytest']).status === 0,
  };

  describeWith(pytest, 'pytest', () => {
    it.each(['xunit2', 'xunit1'])('reads pytest --junitxml (%s)', async (family) => {
      const testFile = join(dir, 'test_sample.py');
      await writeFile(
        testFile,
        [
          'import pytest',
          '',
          '@pytest.fixture',
          'def broken():',
          '    raise RuntimeError("fixture exploded")',
          '',
          'def test_pass():',
          '    assert True',
          '',
          'def test_fail():',
          '    assert 1 == 2, "one is not two"',
          '',
          '@pytest.mark.skip(reason="not today")',
          'def test_skip():',
          '    pass',
          '',
          'def test_error(broken):',
          '    pass',
          '',
        ].join('\n'),
      );
      const out = join(dir, `pytest-${family}.xml`);
      const args = [
        '-m',
        'pytest',
        '-q',
        '-p',
        'no:cacheprovider',
        `--junitxml=${out}`,
        '-o',
        `junit_family=${family}`,
        testFile,
      ];
      await run('/usr/bin/python3', args, { cwd: dir }).catch((error: { code?: number; stderr?: string }) => {
        if (error.code !== 1) throw new Error(`pytest failed: ${error.stderr}`);
      });
      const cases = await parseTests(out);
      expect(outcomes(cases)).toEqual({ passed: 1, failed: 1, skipped: 1, error: 1 });
      expect(outcomes(cases)).toEqual(expectedOutcomes(await readFile(out, 'utf8')));
      expect(cases.find((c) => c.name === 'test_fail')).toMatchObject({
        suite: 'test_sample',
        message: expect.stringMatching(/^AssertionError: one is not two/),
      });
      expect(cases.find((c) => c.name === 'test_error')?.message).toMatch(/fixture exploded/);
      if (family === 'xunit1') {
        // pytest writes 0-based lines; the def is on line 10.
        expect(cases.find((c) => c.name === 'test_fail')).toMatchObject({ file: 'test_sample.py', line: 10 });
      }
    });
  });
});

describe('JUnit suite totals (issue 8, item 10)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'junit-totals-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const read = async (xml: string) => {
    const file = join(dir, `t${Math.random().toString(36).slice(2)}.xml`);
    await writeFile(file, xml);
    return parseTests(file);
  };

  it('counts failures the totals declare when no <testcase> shows them, and says so', async () => {
    const cases = await read(
      '<testsuite name="api" tests="3" failures="2" errors="1"><testcase name="a"/><testcase name="b"/></testsuite>',
    );
    expect(outcomes(cases)).toEqual({ passed: 2, error: 1, failed: 1 });
    const added = cases.filter((c) => c.outcome !== 'passed');
    expect(added.map((c) => c.name)).toEqual(['1 error(s) no test case shows', '2 failure(s) no test case shows']);
    expect(added[0]?.suite).toBe('api');
    expect(added[0]?.message).toMatch(/declare 2 failure\(s\) and 1 error\(s\), its test cases show 0 and 0/);
  });

  it('adds nothing when the cases account for the totals, nested suites and the root included', async () => {
    const cases = await read(
      `<testsuites failures="2" errors="0">
         <testsuite name="outer" failures="2">
           <testsuite name="inner" failures="1"><testcase name="a"><failure message="x"/></testcase></testsuite>
           <testcase name="b"><failure/></testcase>
         </testsuite>
       </testsuites>`,
    );
    expect(outcomes(cases)).toEqual({ failed: 2 });
  });

  it('takes the worse of the totals at every level: a root that declares more than its suites', async () => {
    const cases = await read(
      '<testsuites failures="3"><testsuite name="s" failures="1"><testcase name="a"><failure/></testcase></testsuite></testsuites>',
    );
    expect(outcomes(cases)).toEqual({ failed: 2 });
    expect(cases[1]?.name).toBe('2 failure(s) no test case shows');
  });

  it('keeps huge totals to one case per kind, and refuses totals that are not counts', async () => {
    const cases = await read('<testsuite name="s" failures="1000000000"><testcase name="a"/></testsuite>');
    expect(cases).toHaveLength(2);
    expect(cases[1]?.name).toBe('1000000000 failure(s) no test case shows');
    for (const bad of ['-1', '1.5', 'many', '1e400']) {
      const error = await read(`<testsuite failures="${bad}"><testcase name="a"/></testsuite>`).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileError);
      expect((error as FileError).message).toMatch(/failures=/);
    }
  });
});

describe('malformed JUnit XML', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'junit-bad-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, content: string | Buffer) => {
    const file = join(dir, name);
    await writeFile(file, content);
    return file;
  };
  const rejects = async (file: string, message: RegExp) => {
    const error = await parseReport(file, 'tests').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toMatch(message);
    expect((error as FileError).message).toContain(file);
  };

  it('rejects truncated XML', async () => {
    const xml = await readFile(ownFixture('tests', 'surefire.xml'), 'utf8');
    await rejects(await write('cut.xml', xml.slice(0, xml.length / 2)), /truncated XML|malformed XML/);
  });
  it('rejects a testcase with no name', async () => {
    await rejects(
      await write('noname.xml', '<testsuite><testcase classname="a"/></testsuite>'),
      /:1:\d+: <testcase> has no name/,
    );
  });
  it('rejects a non-numeric time', async () => {
    await rejects(
      await write('time.xml', '<testsuite>\n<testcase name="a" time="soon"/></testsuite>'),
      /:2:\d+: .*expected a number of seconds/,
    );
  });
  it('rejects nested testcases', async () => {
    await rejects(
      await write('nested.xml', '<testsuite><testcase name="a"><testcase name="b"/></testcase></testsuite>'),
      /inside a <testcase>/,
    );
  });
  it('rejects empty, binary and other XML', async () => {
    await rejects(await write('empty.xml', ''), /empty/);
    await rejects(await write('binary.xml', Buffer.from([0x3c, 0x00, 0x01, 0x02])), /binary/);
    await rejects(
      await write('other.xml', '<project><dependency/></project>'),
      /XML with root <project> of no test results format/,
    );
  });
  it('names the kind of a report of another kind', async () => {
    await rejects(
      await write('sarif.json', JSON.stringify({ version: '2.1.0', runs: [] })),
      /SARIF report \(security\), not a test results report/,
    );
  });
});
