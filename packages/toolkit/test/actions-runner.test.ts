import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { actionsRuntime, runAction } from '../src/actions-runner';
import { ConfigurationError } from '../src/errors';

/**
 * The runner's side of @actions/core: inputs in INPUT_* variables, outputs, state and the job summary
 * in the files GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY name, and workflow commands on stdout.
 */
let dir: string;
let stdout: string[];
const saved = { ...process.env };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-runner-'));
  for (const name of ['output', 'state', 'summary']) writeFileSync(join(dir, name), '');
  process.env.GITHUB_OUTPUT = join(dir, 'output');
  process.env.GITHUB_STATE = join(dir, 'state');
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  process.exitCode = undefined;
});

/** The workflow commands written to stdout, one per line. */
function commands(): string[] {
  return stdout.join('').split(EOL).filter(Boolean);
}

describe('actionsRuntime', () => {
  it('reads inputs from INPUT_ variables, trimmed, empty when unset', () => {
    process.env['INPUT_MIN-COVERAGE'] = ' 90 ';
    const runtime = actionsRuntime();
    expect(runtime.getInput('min-coverage')).toBe('90');
    expect(runtime.getInput('tests')).toBe('');
  });

  it('writes outputs and state to the runner files, and reads state back from STATE_ variables', () => {
    const runtime = actionsRuntime();
    runtime.setOutput('passed', 'true');
    runtime.saveState('phase', 'post');
    expect(readFileSync(join(dir, 'output'), 'utf8')).toMatch(/^passed<<(ghadelimiter_[\w-]+)\ntrue\n\1\n$/);
    expect(readFileSync(join(dir, 'state'), 'utf8')).toMatch(/^phase<<(ghadelimiter_[\w-]+)\npost\n\1\n$/);
    process.env.STATE_phase = 'post';
    expect(runtime.getState('phase')).toBe('post');
  });

  it('appends Markdown to the job summary', async () => {
    const runtime = actionsRuntime();
    await runtime.writeSummary('## one');
    await runtime.writeSummary('## two');
    expect(readFileSync(join(dir, 'summary'), 'utf8')).toBe(`## one${EOL}## two${EOL}`);
  });

  it('turns annotations into error, warning and notice commands with their place', () => {
    const runtime = actionsRuntime();
    runtime.annotate({ level: 'error', title: 'high npm audit: GHSA-1', message: 'bad', file: 'package.json' });
    runtime.annotate({ level: 'warning', message: 'lines 3-5', file: 'src/a.ts', line: 3, endLine: 5 });
    runtime.annotate({ level: 'notice', message: 'fyi' });
    // Property values are escaped (`:` is %3A); the runner decodes them.
    expect(commands()).toEqual([
      '::error title=high npm audit%3A GHSA-1,file=package.json::bad',
      '::warning file=src/a.ts,line=3,endLine=5::lines 3-5',
      '::notice ::fyi',
    ]);
  });

  it('logs through the runner and masks secrets', () => {
    const runtime = actionsRuntime();
    runtime.log.info('reading reports');
    runtime.log.warning('careful');
    runtime.log.debug('details');
    runtime.mask('ghs_secret');
    expect(commands()).toEqual(['reading reports', '::warning::careful', '::debug::details', '::add-mask::ghs_secret']);
  });
});

describe('runAction', () => {
  it('leaves the step passing when the entry point succeeds', async () => {
    let ran = false;
    await runAction(async (runtime) => {
      ran = runtime.getInput('anything') === '';
    });
    expect(ran).toBe(true);
    expect(process.exitCode).toBeUndefined();
    expect(commands()).toEqual([]);
  });

  it("fails the step with a configuration error's message alone", async () => {
    await runAction(async () => {
      throw new ConfigurationError('input coverage: matched no file');
    });
    expect(process.exitCode).toBe(1);
    expect(commands()).toEqual(['::error::input coverage: matched no file']);
  });

  it('fails the step with the stack of anything else: a bug to file', async () => {
    await runAction(async () => {
      throw new TypeError('x is undefined');
    });
    expect(process.exitCode).toBe(1);
    const [first] = commands();
    expect(first).toMatch(/^::error::internal error: TypeError: x is undefined%0A {4}at /);
  });

  it('reports a thrown non-error by its text', async () => {
    await runAction(async () => {
      throw 'plain text';
    });
    expect(commands()).toEqual(['::error::internal error: plain text']);
  });
});
