import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandsIn } from '../../../test/harness/workflow-commands';
import { cliRuntime } from '../src/runtime';

/** What the runtime writes to stderr, line by line. */
function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cliRuntime', () => {
  it('prints report text so that no line of it is a workflow command when ccm runs inside a step', () => {
    const lines = captureStderr();
    const runtime = cliRuntime({ inputs: {} });
    // A SARIF message and rule id as the security review wrote them (issue 8, item 9).
    runtime.annotate({
      level: 'error',
      title: 'high semgrep: x\n::add-mask::t',
      message: 'XSS\n::add-mask::ghs_leak\n::error file=a.ts,line=1::forged\r::stop-commands::tok',
      file: 'src/a.ts\n##[set-output name=passed]true',
      line: 3,
    });
    runtime.log.info('restored\n::set-output name=skip::true');
    const printed = lines.join('');
    expect(commandsIn(printed)).toEqual([]);
    // One annotation is one line; its line breaks are escaped the way the runner escapes command data.
    expect(lines[0]?.split('\n')).toHaveLength(2);
    expect(lines[0]).toContain('XSS%0A::add-mask::ghs_leak%0A');
  });

  it('reads inputs from the options, empty when not given, and keeps outputs and state', () => {
    const runtime = cliRuntime({ inputs: { coverage: 'lcov.info' } });
    expect(runtime.getInput('coverage')).toBe('lcov.info');
    expect(runtime.getInput('tests')).toBe('');
    runtime.setOutput('passed', 'true');
    expect(runtime.outputs).toEqual({ passed: 'true' });
    runtime.saveState('phase', 'post');
    expect(runtime.getState('phase')).toBe('post');
    expect(runtime.getState('other')).toBe('');
  });

  it('logs to stderr with masked secrets, and prints annotations with their place', () => {
    const lines = captureStderr();
    const runtime = cliRuntime({ inputs: {} });
    runtime.mask('ghs_s3cret');
    runtime.mask('');
    runtime.log.info('using ghs_s3cret twice: ghs_s3cret');
    runtime.log.warning('careful');
    runtime.log.debug('never shown');
    runtime.annotate({ level: 'warning', title: 'Complexity 12', message: 'f is complex', file: 'src/a.ts', line: 3 });
    runtime.annotate({ level: 'error', message: 'no place' });
    runtime.annotate({ level: 'notice', message: 'file only', file: 'src/b.ts' });
    expect(lines).toEqual([
      'using *** twice: ***\n',
      'warning: careful\n',
      'src/a.ts:3: warning: Complexity 12: f is complex\n',
      'error: no place\n',
      'src/b.ts: notice: file only\n',
    ]);
    expect(runtime.annotations).toHaveLength(3);
  });

  it('writes nothing to stderr when quiet, but still keeps the annotations', () => {
    const lines = captureStderr();
    const runtime = cliRuntime({ inputs: {}, quiet: true });
    runtime.log.info('hidden');
    runtime.annotate({ level: 'error', message: 'kept' });
    expect(lines).toEqual([]);
    expect(runtime.annotations).toEqual([{ level: 'error', message: 'kept' }]);
  });

  it('writes the summary to its file, replacing what a previous run left, then appends', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ccm-cli-runtime-')), 'summary.md');
    const first = cliRuntime({ inputs: {}, summaryFile: file });
    await first.writeSummary('# one');
    await first.writeSummary('# two');
    expect(readFileSync(file, 'utf8')).toBe('# one\n# two');
    await cliRuntime({ inputs: {}, summaryFile: file }).writeSummary('# fresh');
    expect(readFileSync(file, 'utf8')).toBe('# fresh');
  });

  it('drops the summary without a file', async () => {
    await expect(cliRuntime({ inputs: {} }).writeSummary('# nowhere')).resolves.toBeUndefined();
  });
});
