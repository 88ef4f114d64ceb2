import { FileError } from '@ccm/toolkit/errors';
import type { SaxesTagPlain } from 'saxes';
import type { ReportFormat } from '../format';
import type { TestCaseResult, TestOutcome } from '../model';
import { numberAttribute, streamXml, type XmlPosition } from '../xml';
import { BoundedText, capMessage } from './message';

const ROOTS = new Set(['testsuites', 'testsuite']);

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

/**
 * JUnit XML as written by Surefire, pytest --junitxml, jest-junit, vitest, node --test-reporter=junit
 * and most others. Streamed. Only <testcase> elements count: suite totals are not trusted (Node writes
 * them only as comments, and nested suites would double count).
 */
export const junit: ReportFormat<'tests'> = {
  id: 'junit',
  label: 'JUnit XML',
  kind: 'tests',
  matchXmlRoot: (root) => ROOTS.has(root.name),
  async parse({ file }) {
    const cases: TestCaseResult[] = [];
    const suites: string[] = [];
    let current: OpenCase | undefined;

    await streamXml(file, (position) => ({
      open(tag, path) {
        if (path.length === 0 && !ROOTS.has(tag.name)) {
          throw new FileError(
            { file, ...position() },
            `root element <${tag.name}>: expected <testsuites> or <testsuite>`,
          );
        }
        if (tag.name === 'testsuite') {
          if (current) throw new FileError({ file, ...position() }, '<testsuite> inside a <testcase>');
          suites.push(tag.attributes.name ?? '');
        } else if (tag.name === 'testcase') {
          if (current) throw new FileError({ file, ...position() }, '<testcase> inside a <testcase>');
          current = { result: openCase(tag, suites, file, position()), todo: false };
        } else if (current && path.at(-1) === 'testcase' && isProblem(tag.name)) {
          const problem: Problem = { text: new BoundedText() };
          const message = tag.attributes.message;
          if (message?.trim()) problem.message = message;
          current[tag.name] ??= problem;
          if (tag.name === 'skipped' && tag.attributes.type === 'todo') current.todo = true;
          current.reading = problem;
        }
      },
      text(text) {
        current?.reading?.text.add(text);
      },
      // Called for self-closing elements too, with `path` then holding the parent's ancestry.
      close(tag, path) {
        if (tag.name === 'testsuite') suites.pop();
        else if (tag.name === 'testcase' && current) {
          cases.push(finish(current));
          current = undefined;
        } else if (current && path.at(-1) === 'testcase' && isProblem(tag.name)) current.reading = undefined;
      },
    }));
    return { cases };
  },
};

function isProblem(name: string): name is 'failure' | 'error' | 'skipped' {
  return name === 'failure' || name === 'error' || name === 'skipped';
}

function openCase(tag: SaxesTagPlain, suites: readonly string[], file: string, at: XmlPosition): TestCaseResult {
  const name = tag.attributes.name;
  if (name === undefined || name === '') throw new FileError({ file, ...at }, '<testcase> has no name attribute');
  const classname = tag.attributes.classname ?? tag.attributes.class;
  const path = suites.filter((s) => s !== '');
  // Node writes classname="test" on every case; its describe blocks, the enclosing suites, say more.
  const suite = classname && !(classname === 'test' && path.length > 0) ? classname : path.join(' › ');
  const result: TestCaseResult = { suite, name, outcome: 'passed' };
  const time = parseTime(tag.attributes.time, file, at);
  if (time !== undefined) result.durationSeconds = time;
  const caseFile = tag.attributes.file;
  if (caseFile) result.file = caseFile;
  const line = numberAttribute(tag, 'line', file, at);
  if (line !== undefined && Number.isInteger(line) && line >= 0) {
    // pytest's xunit1 family writes 0-based lines (its own default suite is named "pytest").
    const zeroBased = suites[0] === 'pytest';
    if (line + (zeroBased ? 1 : 0) >= 1) result.line = line + (zeroBased ? 1 : 0);
  }
  return result;
}

/** Seconds; older Surefire versions wrote locale-formatted times ("1,234.5"). */
function parseTime(raw: string | undefined, file: string, at: XmlPosition): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw.replace(/,/g, ''));
  if (!Number.isFinite(value) || value < 0) {
    throw new FileError({ file, ...at }, `<testcase time="${raw}">: expected a number of seconds`);
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
    if (message !== undefined) result.message = message;
  }
  return result;
}
