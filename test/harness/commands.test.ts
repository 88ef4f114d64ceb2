import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileCommandError, parseKeyValueFile } from './file-commands';
import { parseCommand } from './workflow-commands';

// actions/toolkit command.ts escaping, the writer side the runner's decoding must invert.
const escapeData = (s: string) => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (s: string) => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** Any text, and text dense in the characters of the escapes, where decoding mistakes show. */
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('%', '0', '2', '3', '5', 'A', 'C', 'D', ':', ',', '=', '\n', '\r', ' ', 'x') }),
);

describe('parseCommand', () => {
  it('reads the command, properties and data', () => {
    const command = parseCommand('::error file=a.ts,line=3,Title=x%3Ay::msg%25');
    expect(command?.command).toBe('error');
    expect(Object.fromEntries(command?.properties ?? [])).toEqual({ file: 'a.ts', line: '3', title: 'x:y' });
    expect(command?.data).toBe('msg%');
  });

  it('ignores lines that are not registered commands', () => {
    expect(parseCommand('plain text')).toBeUndefined();
    expect(parseCommand('::nope::x')).toBeUndefined();
    expect(parseCommand('::error no end')).toBeUndefined();
    expect(parseCommand('x ::error::not at the start')).toBeUndefined();
  });

  it('trims the property list, as the runner does', () => {
    expect(parseCommand('::error title=a b  ::m')?.properties.get('title')).toBe('a b');
  });

  it('drops properties without a name or a value, as the runner does', () => {
    const command = parseCommand('::warning =v,k=,,line=2::m');
    expect(Object.fromEntries(command?.properties ?? [])).toEqual({ line: '2' });
  });

  it('inverts the toolkit escaping for any text', () => {
    fc.assert(
      fc.property(text, text, (title, message) => {
        const line = `::error title=${escapeProperty(title)}::${escapeData(message)}`;
        const command = parseCommand(line);
        // The runner trims the property list (trailing whitespace of the last value goes; see below).
        fc.pre(escapeProperty(title) === escapeProperty(title).trimEnd());
        // A property with an empty value is dropped.
        expect(command?.properties.get('title')).toBe(title === '' ? undefined : title);
        expect(command?.data).toBe(message);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseKeyValueFile', () => {
  it('reads name=value and heredoc entries in order', () => {
    expect(parseKeyValueFile('a=1\n\nb<<X\nl1\nl2\nX\nc=x=y\n')).toEqual([
      ['a', '1'],
      ['b', 'l1\nl2'],
      ['c', 'x=y'],
    ]);
  });

  it('accepts a final delimiter without a newline, keeps CR as part of the value', () => {
    expect(parseKeyValueFile('a<<X\nv\r\nX')).toEqual([['a', 'v\r']]);
  });

  it('rejects what the runner rejects', () => {
    for (const text of ['novalue\n', 'a<<\nx\n', '<<X\nv\nX\n', 'a<<X\nv\n', 'a<<X\nv']) {
      expect(() => parseKeyValueFile(text), JSON.stringify(text)).toThrow(FileCommandError);
    }
  });

  it('round-trips any value written with a heredoc', () => {
    fc.assert(
      fc.property(text, (value) => {
        const delimiter = 'ghadelimiter_0f1e';
        fc.pre(!value.split('\n').includes(delimiter));
        expect(parseKeyValueFile(`v<<${delimiter}\n${value}\n${delimiter}\n`)).toEqual([['v', value]]);
      }),
      { numRuns: 2000 },
    );
  });
});
