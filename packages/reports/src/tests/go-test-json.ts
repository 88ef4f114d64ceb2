import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import type { TestCaseResult } from '../model';
import { JsonFields } from '../security/json-fields';
import { forEachLine } from '../source';
import { BoundedText, capMessage } from './message';

/** A go test event: `go doc test2json`. Build events (Go 1.24+) carry ImportPath instead of Package. */
function isEvent(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.Action === 'string';
}

/** The first line of a head, if it is a complete go test event. */
export function firstGoTestEvent(head: string): boolean {
  const text = head.trimStart();
  const end = text.indexOf('\n');
  const line = (end === -1 ? text : text.slice(0, end)).trim();
  try {
    const event: unknown = JSON.parse(line);
    return isEvent(event) && (typeof event.Package === 'string' || typeof event.ImportPath === 'string');
  } catch {
    return false;
  }
}

/** Lines of test output that frame a test rather than explain its failure. */
const FRAMING = /^\s*(=== (RUN|PAUSE|CONT|NAME)\s|--- (PASS|FAIL|SKIP):)/;

/** Go < 1.24 writes build failures to stderr as text; `2>&1` puts them in the stream. */
const TEXT_BUILD_FAILED = /^FAIL\s+(\S+)\s+\[(build|setup) failed\]/;

/**
 * `go test -json` event streams (test2json), streamed line by line. Every pass/fail/skip event of a
 * test (subtests included) is one case, so `-count=N` gives N cases. A package that fails with no
 * failed test (build failure, bad TestMain, a crash outside tests) is one `error` case; tests still
 * running when their package fails (a panic, a timeout) are failed. Lines that are not JSON are stray
 * stderr text (`2>&1`) and are skipped, except build failures, which become error cases.
 */
export const goTestJson: ReportFormat<'tests'> = {
  id: 'go-test-json',
  label: 'go test -json',
  kind: 'tests',
  // A one-event stream is a whole JSON document; longer streams reach detection as text.
  matchJson: (document) => isEvent(document) && typeof document.Package === 'string',
  matchText: firstGoTestEvent,
  async parse({ file }) {
    const cases: TestCaseResult[] = [];
    const running = new Map<string, { pkg: string; test: string; output: BoundedText }>();
    const packageOutput = new Map<string, BoundedText>();
    const buildOutput = new Map<string, BoundedText>();
    const packagesWithFailures = new Set<string>();
    const finishedPackages = new Set<string>();
    let events = 0;
    let lastLine = 0;

    const append = (map: Map<string, BoundedText>, key: string, text: string) => {
      const buffer = map.get(key) ?? new BoundedText();
      map.set(key, buffer);
      buffer.add(text);
    };
    const packageError = (pkg: string, name: string, message: string | undefined) => {
      const result: TestCaseResult = { suite: pkg, name, outcome: 'error' };
      const text = capMessage(message);
      if (text !== undefined) result.message = text;
      cases.push(result);
      packagesWithFailures.add(pkg);
    };

    await forEachLine(file, (line, lineNumber) => {
      lastLine = lineNumber;
      const trimmed = line.trim();
      if (trimmed === '') return;
      if (!trimmed.startsWith('{')) {
        const built = TEXT_BUILD_FAILED.exec(trimmed);
        if (built?.[1]) packageError(built[1], `[${built[2]} failed]`, undefined);
        return;
      }
      const fields = new JsonFields({ file, line: lineNumber });
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch (error) {
        throw new FileError({ file, line: lineNumber }, `malformed go test event: ${(error as Error).message}`);
      }
      const event = fields.record(parsed, 'the event');
      const action = fields.string(event.Action, 'Action');
      events++;
      if (action === 'build-output' || action === 'build-fail') {
        const importPath = fields.string(event.ImportPath, 'ImportPath');
        if (action === 'build-output')
          append(buildOutput, importPath, fields.optionalString(event.Output, 'Output') ?? '');
        return;
      }
      const pkg = fields.string(event.Package, 'Package');
      const test = fields.optionalString(event.Test, 'Test');
      const key = `${pkg}\u0000${test ?? ''}`;
      switch (action) {
        case 'run':
          if (test !== undefined) running.set(key, { pkg, test, output: new BoundedText() });
          break;
        case 'output': {
          const output = fields.optionalString(event.Output, 'Output') ?? '';
          if (test === undefined) append(packageOutput, pkg, output);
          // Output after a test's result (or of a test never started) belongs to no open case.
          else if (!FRAMING.test(output)) running.get(key)?.output.add(output);
          break;
        }
        case 'pass':
        case 'fail':
        case 'skip': {
          const elapsed = fields.optionalNumber(event.Elapsed, 'Elapsed');
          if (elapsed !== undefined && elapsed < 0) fields.fail('Elapsed', `negative duration ${elapsed}`);
          if (test !== undefined) {
            const result: TestCaseResult = {
              suite: pkg,
              name: test,
              outcome: action === 'pass' ? 'passed' : action === 'fail' ? 'failed' : 'skipped',
            };
            if (elapsed !== undefined) result.durationSeconds = elapsed;
            if (action === 'fail') {
              const message = capMessage(running.get(key)?.output.text);
              if (message !== undefined) result.message = message;
              packagesWithFailures.add(pkg);
            }
            running.delete(key);
            cases.push(result);
            break;
          }
          finishedPackages.add(pkg);
          for (const [k, entry] of running) {
            if (entry.pkg !== pkg) continue;
            running.delete(k);
            const result: TestCaseResult = {
              suite: pkg,
              name: entry.test,
              outcome: action === 'fail' ? 'failed' : 'error',
            };
            const ended = action === 'fail' ? 'failed' : action === 'pass' ? 'passed' : 'was skipped';
            result.message =
              capMessage(`${entry.output.text.trim()}\n(no result: the package ${ended} before the test finished)`) ??
              '';
            cases.push(result);
            if (action === 'fail') packagesWithFailures.add(pkg);
          }
          if (action === 'fail' && !packagesWithFailures.has(pkg)) {
            const failedBuild = fields.optionalString(event.FailedBuild, 'FailedBuild');
            const message = failedBuild ? buildOutput.get(failedBuild)?.text : packageOutput.get(pkg)?.text;
            packageError(
              pkg,
              failedBuild ? '[build failed]' : '[package failed]',
              message ?? packageOutput.get(pkg)?.text,
            );
          }
          packageOutput.delete(pkg);
          break;
        }
        default:
          // start, pause, cont, bench, and actions added later carry no result.
          break;
      }
    });

    if (events === 0) throw new FileError({ file }, 'no go test events (one JSON object per line)');
    for (const entry of running.values()) {
      if (finishedPackages.has(entry.pkg)) continue;
      throw new FileError(
        { file, line: lastLine },
        `truncated: test ${entry.test} of package ${entry.pkg} has no result and the package never finished`,
      );
    }
    return { cases };
  },
};
