import { FileError } from '@ccm/toolkit/errors';
import type { SaxesTagPlain } from 'saxes';
import type { ReportFormat } from '../format';
import type { TestCaseResult, TestOutcome } from '../model';
import { keep } from '../source';
import { numberAttribute, streamXml, type XmlHandlers, type XmlPosition, type XmlWhere } from '../xml';
import { BoundedText, capMessage } from './message';

const ROOTS = new Set(['testsuites', 'testsuite']);
/** Only these hold text the reader keeps; the rest (`<system-out>` logs) never becomes strings. */
const TEXT_IN: ReadonlySet<string> = new Set(['failure', 'error', 'skipped']);

/** What a <testcase> collects while it is open. */
interface OpenCase {
  result: TestCaseResult;
  failure?: Problem;
  error?: Problem;
  skipped?: Problem;
  todo: boolean;
  /** The problem element whose text is being read, if any. */
  reading?: Problem;
}

interface Problem {
  message?: string;
  text: BoundedText;
}

/** A <testsuites> or <testsuite> open around the parser: what it declares, and what its cases showed. */
interface OpenSuite {
  name: string;
  /** Its `failures` and `errors` attributes, when it has either. */
  declared?: { failures: number; errors: number };
  /** Failed and errored cases read inside it, nested suites included. */
  failed: number;
  errors: number;
}

/**
 * JUnit XML as written by Surefire, pytest --junitxml, jest-junit, vitest, node --test-reporter=junit
 * and most others. Streamed. The <testcase> elements are the results; a suite's `failures` and
 * `errors` totals are checked against them, and when a suite declares more failures than its cases
 * show, the worse wins: the difference is added as failed cases that say so (Node writes totals
 * only as comments, so its reports are read from their cases alone).
 */
export const junit: ReportFormat<'tests'> = {
  id: 'junit',
  label: 'JUnit XML',
  kind: 'tests',
  matchXmlRoot: (root) => ROOTS.has(root.name),
  async parse({ file }) {
    const reader = new JunitReader(file);
    await streamXml(file, (position) => reader.handlers(position));
    return { cases: reader.cases };
  },
};

type ProblemName = 'failure' | 'error' | 'skipped';

/** The cases read so far and the suites and case open around the parser; one method per element. */
class JunitReader {
  readonly cases: TestCaseResult[] = [];
  private readonly suites: OpenSuite[] = [];
  private current: OpenCase | undefined;
  private position: () => XmlPosition = () => ({ line: 0, column: 0 });

  constructor(private readonly file: string) {}

  handlers(position: () => XmlPosition): XmlHandlers {
    this.position = position;
    return {
      open: (tag, path) => this.open(tag, path),
      text: (text) => this.current?.reading?.text.add(text),
      textIn: TEXT_IN,
      // Called for self-closing elements too, with `path` then holding the parent's ancestry.
      close: (tag, path) => this.close(tag, path),
    };
  }

  private open(tag: SaxesTagPlain, path: readonly string[]): void {
    if (path.length === 0 && !ROOTS.has(tag.name)) {
      this.fail(`root element <${tag.name}>: expected <testsuites> or <testsuite>`);
    }
    switch (tag.name) {
      case 'testsuites':
      case 'testsuite':
        this.openSuite(tag);
        break;
      case 'testcase':
        this.openTestCase(tag);
        break;
      case 'failure':
      case 'error':
      case 'skipped':
        this.openProblem(tag, tag.name, path);
        break;
    }
  }

  private openSuite(tag: SaxesTagPlain): void {
    if (this.current) this.fail(`<${tag.name}> inside a <testcase>`);
    const at = this.position;
    const failures = nonNegativeCount(tag, 'failures', this.file, at);
    const errors = nonNegativeCount(tag, 'errors', this.file, at);
    const suite: OpenSuite = {
      name: tag.name === 'testsuite' ? keep(tag.attributes.name ?? '') : '',
      failed: 0,
      errors: 0,
    };
    if (failures !== undefined || errors !== undefined)
      suite.declared = { failures: failures ?? 0, errors: errors ?? 0 };
    this.suites.push(suite);
  }

  /** Closes a suite: the failures its totals declare beyond its cases become cases of their own. */
  private closeSuite(): void {
    const suite = this.suites.pop();
    if (!suite) return;
    const missing = suite.declared
      ? suite.declared.failures + suite.declared.errors - (suite.failed + suite.errors)
      : 0;
    if (suite.declared && missing > 0) {
      const { failures, errors } = suite.declared;
      const missingErrors = Math.min(missing, Math.max(0, errors - suite.errors));
      const label = suite.name || this.suiteNames().join(' › ') || '(all suites)';
      const message = `the suite's totals declare ${failures} failure(s) and ${errors} error(s), its test cases show ${suite.failed} and ${suite.errors}: the totals are counted`;
      // One case per kind, however large the totals: the verdict needs the disagreement, not N copies.
      const add = (outcome: TestOutcome, n: number) => {
        if (n <= 0) return;
        this.count(suite, outcome, n);
        this.cases.push({
          suite: label,
          name: `${n} ${outcome === 'error' ? 'error(s)' : 'failure(s)'} no test case shows`,
          outcome,
          message,
        });
      };
      add('error', missingErrors);
      add('failed', missing - missingErrors);
    }
    const parent = this.suites.at(-1);
    if (parent) {
      parent.failed += suite.failed;
      parent.errors += suite.errors;
    }
  }

  private count(suite: OpenSuite, outcome: TestOutcome, n = 1): void {
    if (outcome === 'failed') suite.failed += n;
    else if (outcome === 'error') suite.errors += n;
  }

  private suiteNames(): string[] {
    return this.suites.map((s) => s.name).filter((name) => name !== '');
  }

  private openTestCase(tag: SaxesTagPlain): void {
    if (this.current) this.fail('<testcase> inside a <testcase>');
    this.current = { result: openCase(tag, this.suiteNames(), this.file, this.position), todo: false };
  }

  /** A <failure>, <error> or <skipped> of the open case; the first of each kind is kept. */
  private openProblem(tag: SaxesTagPlain, name: ProblemName, path: readonly string[]): void {
    const current = this.current;
    if (!current || path.at(-1) !== 'testcase') return;
    const problem: Problem = { text: new BoundedText() };
    const message = tag.attributes.message;
    if (message?.trim()) problem.message = message;
    current[name] ??= problem;
    if (name === 'skipped' && tag.attributes.type === 'todo') current.todo = true;
    current.reading = problem;
  }

  private close(tag: SaxesTagPlain, path: readonly string[]): void {
    if (tag.name === 'testsuite' || tag.name === 'testsuites') this.closeSuite();
    else if (tag.name === 'testcase' && this.current) {
      const done = finish(this.current);
      const suite = this.suites.at(-1);
      if (suite) this.count(suite, done.outcome);
      this.cases.push(done);
      this.current = undefined;
    } else if (this.current && path.at(-1) === 'testcase' && isProblem(tag.name)) this.current.reading = undefined;
  }

  private fail(reason: string): never {
    throw new FileError({ file: this.file, ...this.position() }, reason);
  }
}

function isProblem(name: string): name is ProblemName {
  return name === 'failure' || name === 'error' || name === 'skipped';
}

/** The case as its <testcase> says; every string is kept apart from the read chunk (see `keep`). */
function openCase(tag: SaxesTagPlain, suites: readonly string[], file: string, at: () => XmlPosition): TestCaseResult {
  const name = tag.attributes.name;
  if (name === undefined || name === '') throw new FileError({ file, ...at() }, '<testcase> has no name attribute');
  const result: TestCaseResult = { suite: keep(caseSuite(tag, suites)), name: keep(name), outcome: 'passed' };
  const time = parseTime(tag.attributes.time, file, at);
  if (time !== undefined) result.durationSeconds = time;
  const caseFile = tag.attributes.file;
  if (caseFile) result.file = keep(caseFile);
  const line = caseLine(tag, suites, file, at);
  if (line !== undefined) result.line = line;
  return result;
}

/** The case's classname; Node writes classname="test" on every case, where its describe blocks say more. */
function caseSuite(tag: SaxesTagPlain, suites: readonly string[]): string {
  const classname = tag.attributes.classname ?? tag.attributes.class;
  const path = suites.filter((s) => s !== '');
  return classname && !(classname === 'test' && path.length > 0) ? classname : path.join(' › ');
}

/** The case's 1-based line, if it has a usable one. */
function caseLine(tag: SaxesTagPlain, suites: readonly string[], file: string, at: XmlWhere): number | undefined {
  const line = numberAttribute(tag, 'line', file, at);
  if (line === undefined || !Number.isInteger(line) || line < 0) return undefined;
  // pytest's xunit1 family writes 0-based lines (its own default suite is named "pytest").
  const oneBased = suites[0] === 'pytest' ? line + 1 : line;
  return oneBased >= 1 ? oneBased : undefined;
}

/** A suite total (`failures="2"`): a whole number, or absent. */
function nonNegativeCount(tag: SaxesTagPlain, name: string, file: string, at: () => XmlPosition): number | undefined {
  const value = numberAttribute(tag, name, file, at);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw new FileError({ file, ...at() }, `<${tag.name} ${name}="${tag.attributes[name]}">: expected a count`);
  }
  return value;
}

/** Seconds; older Surefire versions wrote locale-formatted times ("1,234.5"). */
function parseTime(raw: string | undefined, file: string, at: () => XmlPosition): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw.replace(/,/g, ''));
  if (!Number.isFinite(value) || value < 0) {
    throw new FileError({ file, ...at() }, `<testcase time="${raw}">: expected a number of seconds`);
  }
  return value;
}

/**
 * The outcome: failure, then error, then skipped. A Node todo test (<skipped type="todo"/>) that fails
 * still has a <failure>, but Node does not count it as failed, and neither do we.
 */
function finish(open: OpenCase): TestCaseResult {
  const { result } = open;
  let outcome: TestOutcome = 'passed';
  let problem: Problem | undefined;
  if (open.todo) outcome = 'skipped';
  else if (open.failure) [outcome, problem] = ['failed', open.failure];
  else if (open.error) [outcome, problem] = ['error', open.error];
  else if (open.skipped) outcome = 'skipped';
  result.outcome = outcome;
  if (problem) {
    const message = capMessage(problem.message) ?? capMessage(problem.text.text);
    if (message !== undefined) result.message = keep(message);
  }
  return result;
}
