import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import type { TestCaseResult } from '../model';
import { JsonFields } from '../security/json-fields';
import { forEachLine, keep } from '../source';
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
    const stream = new GoTestStream(file);
    await forEachLine(file, (line, lineNumber) => stream.line(line, lineNumber));
    return { cases: stream.end() };
  },
};

type Result = 'pass' | 'fail' | 'skip';

/** An event's fields every action reads, checked. */
interface EventContext {
  fields: JsonFields;
  event: Record<string, unknown>;
  pkg: string;
  test: string | undefined;
  key: string;
}

/** What the stream has seen so far; one method per kind of line and of event. */
class GoTestStream {
  private readonly cases: TestCaseResult[] = [];
  private readonly running = new Map<string, { pkg: string; test: string; output: BoundedText }>();
  private readonly packageOutput = new Map<string, BoundedText>();
  private readonly buildOutput = new Map<string, BoundedText>();
  private readonly packagesWithFailures = new Set<string>();
  private readonly finishedPackages = new Set<string>();
  private events = 0;
  private lastLine = 0;

  constructor(private readonly file: string) {}

  line(line: string, lineNumber: number): void {
    this.lastLine = lineNumber;
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('{')) this.jsonLine(trimmed, lineNumber);
    else this.textLine(trimmed);
  }

  /** The cases, once every line is read; a test left running in an unfinished package means a cut stream. */
  end(): TestCaseResult[] {
    if (this.events === 0) throw new FileError({ file: this.file }, 'no go test events (one JSON object per line)');
    for (const entry of this.running.values()) {
      if (this.finishedPackages.has(entry.pkg)) continue;
      throw new FileError(
        { file: this.file, line: this.lastLine },
        `truncated: test ${entry.test} of package ${entry.pkg} has no result and the package never finished`,
      );
    }
    return this.cases;
  }

  /** Stray stderr text: only a build failure of Go < 1.24 means something. */
  private textLine(trimmed: string): void {
    const built = TEXT_BUILD_FAILED.exec(trimmed);
    // A match is a view into the read chunk: the kept case must not hold it.
    if (built?.[1]) this.packageError(keep(built[1]), `[${built[2]} failed]`, undefined);
  }

  private jsonLine(trimmed: string, lineNumber: number): void {
    const fields = new JsonFields({ file: this.file, line: lineNumber });
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new FileError(
        { file: this.file, line: lineNumber },
        `malformed go test event: ${(error as Error).message}`,
      );
    }
    const event = fields.record(parsed, 'the event');
    const action = fields.string(event.Action, 'Action');
    this.events++;
    if (action === 'build-output' || action === 'build-fail') {
      this.buildEvent(fields, event, action);
      return;
    }
    const pkg = fields.string(event.Package, 'Package');
    const test = fields.optionalString(event.Test, 'Test');
    this.testEvent(action, { fields, event, pkg, test, key: `${pkg}\u0000${test ?? ''}` });
  }

  /** Build events (Go 1.24+) name the build by ImportPath; its output explains a package's build failure. */
  private buildEvent(fields: JsonFields, event: Record<string, unknown>, action: string): void {
    const importPath = fields.string(event.ImportPath, 'ImportPath');
    if (action === 'build-output') {
      append(this.buildOutput, importPath, fields.optionalString(event.Output, 'Output') ?? '');
    }
  }

  private testEvent(action: string, context: EventContext): void {
    switch (action) {
      case 'run':
        this.run(context);
        break;
      case 'output':
        this.output(context);
        break;
      case 'pass':
      case 'fail':
      case 'skip':
        this.result(action, context);
        break;
      default:
        // start, pause, cont, bench, and actions added later carry no result.
        break;
    }
  }

  private run({ pkg, test, key }: EventContext): void {
    if (test !== undefined) this.running.set(key, { pkg, test, output: new BoundedText() });
  }

  private output({ fields, event, pkg, test, key }: EventContext): void {
    const output = fields.optionalString(event.Output, 'Output') ?? '';
    if (test === undefined) append(this.packageOutput, pkg, output);
    // Output after a test's result (or of a test never started) belongs to no open case.
    else if (!FRAMING.test(output)) this.running.get(key)?.output.add(output);
  }

  private result(action: Result, context: EventContext): void {
    const { fields, event } = context;
    const elapsed = fields.optionalNumber(event.Elapsed, 'Elapsed');
    if (elapsed !== undefined && elapsed < 0) fields.fail('Elapsed', `negative duration ${elapsed}`);
    if (context.test !== undefined) this.testResult(action, context, context.test, elapsed);
    else this.packageResult(action, context);
  }

  private testResult(action: Result, { pkg, key }: EventContext, test: string, elapsed: number | undefined): void {
    const result: TestCaseResult = { suite: pkg, name: test, outcome: OUTCOME[action] };
    if (elapsed !== undefined) result.durationSeconds = elapsed;
    if (action === 'fail') {
      const message = capMessage(this.running.get(key)?.output.text);
      if (message !== undefined) result.message = message;
      this.packagesWithFailures.add(pkg);
    }
    this.running.delete(key);
    this.cases.push(result);
  }

  /** A package's own result ends it: its tests still running never finished. */
  private packageResult(action: Result, { fields, event, pkg }: EventContext): void {
    this.finishedPackages.add(pkg);
    this.abandonRunning(pkg, action);
    if (action === 'fail' && !this.packagesWithFailures.has(pkg)) {
      const failedBuild = fields.optionalString(event.FailedBuild, 'FailedBuild');
      const message = failedBuild ? this.buildOutput.get(failedBuild)?.text : this.packageOutput.get(pkg)?.text;
      this.packageError(
        pkg,
        failedBuild ? '[build failed]' : '[package failed]',
        message ?? this.packageOutput.get(pkg)?.text,
      );
    }
    this.packageOutput.delete(pkg);
  }

  /** Tests of a package that ended before they did: failed when the package failed, else errors. */
  private abandonRunning(pkg: string, action: Result): void {
    for (const [k, entry] of this.running) {
      if (entry.pkg !== pkg) continue;
      this.running.delete(k);
      const result: TestCaseResult = {
        suite: pkg,
        name: entry.test,
        outcome: action === 'fail' ? 'failed' : 'error',
      };
      result.message =
        capMessage(`${entry.output.text.trim()}\n(no result: the package ${ENDED[action]} before the test finished)`) ??
        '';
      this.cases.push(result);
      if (action === 'fail') this.packagesWithFailures.add(pkg);
    }
  }

  private packageError(pkg: string, name: string, message: string | undefined): void {
    const result: TestCaseResult = { suite: pkg, name, outcome: 'error' };
    const text = capMessage(message);
    if (text !== undefined) result.message = text;
    this.cases.push(result);
    this.packagesWithFailures.add(pkg);
  }
}

const OUTCOME = { pass: 'passed', fail: 'failed', skip: 'skipped' } as const;
const ENDED = { pass: 'passed', fail: 'failed', skip: 'was skipped' } as const;

function append(map: Map<string, BoundedText>, key: string, text: string): void {
  const buffer = map.get(key) ?? new BoundedText();
  map.set(key, buffer);
  buffer.add(text);
}
