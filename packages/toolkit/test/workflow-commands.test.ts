import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandsIn } from '../../../test/harness/workflow-commands';
import { actionsRuntime } from '../src/actions-runner';
import { defuseCommands, logText, printable } from '../src/workflow-commands';

/** Every name could be registered: a `stop-commands` token is any word the attacker picks. */
const names = { has: () => true } as unknown as ReadonlySet<string>;

/** Text dense in what the runner reads as a command. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        '::',
        '::add-mask::',
        '::error file=a.ts,line=1::',
        '::stop-commands::tok',
        '::set-output name=x::',
        '##[',
        '##[add-mask]',
        '#',
        ':',
        '\n',
        '\r',
        '\r\n',
        ' ',
        '\t',
        '\u00a0',
        '\u2028',
        '\u0085',
        '%0A',
        'x',
      ),
      { maxLength: 10 },
    )
    .map((parts) => parts.join('')),
);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('defuseCommands', () => {
  it('leaves no line the runner would obey, whatever the name', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(commandsIn(defuseCommands(text), names)).toEqual([]);
      }),
      { numRuns: 3000, seed: 9009 },
    );
  });

  it('changes nothing else: removing the zero-width spaces it added gives the text back', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        fc.pre(!text.includes('\u200b'));
        expect(defuseCommands(text).replaceAll('\u200b', '')).toBe(text);
      }),
      { numRuns: 1000, seed: 9010 },
    );
  });

  it('defuses the lines from the security review', () => {
    const message = 'x\n::add-mask::ghs_token\n::error file=a.ts::forged\n  ::stop-commands::t\nok ##[add-mask]y';
    expect(commandsIn(message, names)).toHaveLength(4);
    expect(commandsIn(defuseCommands(message), names)).toEqual([]);
  });
});

describe('logText', () => {
  it('keeps any text on one line, escaped as the runner escapes command data, and defused', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const line = logText(text);
        expect(line).not.toMatch(/[\r\n]/);
        expect(commandsIn(line, names)).toEqual([]);
      }),
      { numRuns: 2000, seed: 9011 },
    );
  });
});

describe('printable', () => {
  it("shows a report's terminal escapes and lone carriage returns as U+FFFD, and defuses commands", () => {
    const text =
      'ok\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[2J\rfake PASSED\r\n::add-mask::x\ttab';
    const shown = printable(text);
    expect(shown).toBe(
      'ok\ufffd]8;;https://evil.example\ufffdlink\ufffd]8;;\ufffd \ufffd[2J\ufffdfake PASSED\r\n:\u200b:add-mask::x\ttab',
    );
    fc.assert(
      fc.property(hostile, fc.string({ unit: 'binary', maxLength: 40 }), (a, b) => {
        const out = printable(a + b);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
        expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/);
        expect(commandsIn(out, names)).toEqual([]);
      }),
      { numRuns: 1000, seed: 9012 },
    );
  });
});

describe('the action runtime', () => {
  it('logs text from outside (a restored record.commit) without a command the runner obeys', () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const commit = 'abc123\n::add-mask::ghs_x\n::stop-commands::pause\n##[set-output name=skip]true';
    actionsRuntime().log.info(`suite unit passed before (${commit}): skip it`);
    expect(commandsIn(out.join(''), names)).toEqual([]);
    expect(out.join('')).toContain('ghs_x');
  });
});
