import { describe, expect, it } from 'vitest';
import { describeDefault, InputError, type InputSchema, inputEnvName, readInput, readInputs } from '../src/inputs';

// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression the runner evaluates, not a template
const GITHUB_TOKEN = '${{ github.token }}';

const schema = {
  'min-coverage': { type: 'number', min: 0, max: 100, default: 85, description: 'd' },
  'min-diff-coverage': { type: 'number', min: 0, max: 100, description: 'd' },
  coverage: { type: 'list', description: 'd' },
  comment: { type: 'boolean', default: true, description: 'd' },
  'fail-on-severity': { type: 'enum', values: ['high', 'none'], default: 'high', description: 'd' },
  token: { type: 'string', secret: true, description: 'd' },
  name: { type: 'string', required: true, description: 'd' },
} as const satisfies InputSchema;

const read = (values: Record<string, string>) =>
  readInputs(schema, (name) => values[name] ?? (name === 'name' ? 'x' : ''));

describe('readInputs', () => {
  it('applies defaults and leaves optional values undefined', () => {
    const values = read({});
    expect(values['min-coverage']).toBe(85);
    expect(values['min-diff-coverage']).toBeUndefined();
    expect(values.coverage).toEqual([]);
    expect(values.comment).toBe(true);
    expect(values['fail-on-severity']).toBe('high');
  });

  it('parses typed values', () => {
    const values = read({ 'min-coverage': ' 72.5 ', coverage: 'a/*.xml\n\n  b.info  \n# comment\n', comment: 'False' });
    expect(values['min-coverage']).toBe(72.5);
    expect(values.coverage).toEqual(['a/*.xml', 'b.info']);
    expect(values.comment).toBe(false);
  });

  it.each([
    ['min-coverage', 'abc', "input min-coverage: expected a number from 0 to 100, got 'abc'"],
    ['min-coverage', '101', "input min-coverage: expected a number from 0 to 100, got '101'"],
    ['min-coverage', '12abc', "input min-coverage: expected a number from 0 to 100, got '12abc'"],
    ['comment', 'yes', "input comment: expected true or false, got 'yes'"],
    ['fail-on-severity', 'low', "input fail-on-severity: expected one of high, none, got 'low'"],
  ])('rejects %s=%s with a message naming the input', (name, value, message) => {
    expect(() => read({ [name]: value })).toThrow(new InputError(name, message.slice(`input ${name}: `.length)));
    expect(() => read({ [name]: value })).toThrow(message);
  });

  it('requires required inputs', () => {
    expect(() => readInputs(schema, () => '')).toThrow('input name: is required');
  });

  it('never echoes a secret value', () => {
    const secretSchema = { token: { type: 'number', secret: true, description: 'd' } } as const satisfies InputSchema;
    expect(() => readInputs(secretSchema, () => 'ghp_supersecret')).toThrow('got (a secret value)');
  });

  it('names the environment variable the way the runner does', () => {
    expect(inputEnvName('min-coverage')).toBe('INPUT_MIN-COVERAGE');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });

  it('says which numbers an input takes, whichever bounds it has', () => {
    const number = (bounds: { min?: number; max?: number }) => ({
      type: 'number' as const,
      description: 'd',
      ...bounds,
    });
    expect(() => readInput('a', number({ min: 1 }), '0')).toThrow("input a: expected a number of at least 1, got '0'");
    expect(() => readInput('a', number({ max: 5 }), '6')).toThrow("input a: expected a number of at most 5, got '6'");
    expect(() => readInput('a', number({}), 'Infinity')).toThrow("input a: expected a number, got 'Infinity'");
    expect(() => readInput('a', number({}), '1e999')).toThrow("input a: expected a number, got '1e999'");
    expect(readInput('a', number({ min: 1 }), '+1.5e1')).toBe(15);
    expect(readInput('a', number({ max: 5 }), '.5')).toBe(0.5);
  });

  it('gives an empty list input a fresh copy of its default, and an empty boolean false', () => {
    const spec = { type: 'list', default: ['a'], description: 'd' } as const;
    const first = readInput('l', spec, '') as string[];
    first.push('b');
    expect(readInput('l', spec, '  ')).toEqual(['a']);
    expect(readInput('b', { type: 'boolean', description: 'd' }, undefined)).toBe(false);
    expect(readInput('s', { type: 'string', description: 'd' }, undefined)).toBeUndefined();
  });

  it('cuts a long rejected value in the message', () => {
    const long = 'x'.repeat(100);
    expect(() => readInput('e', { type: 'enum', values: ['a'], description: 'd' }, long)).toThrow(
      `input e: expected one of a, got '${'x'.repeat(80)}…'`,
    );
  });
});

describe('describeDefault', () => {
  it('shows the default as the docs write it', () => {
    expect(describeDefault({ type: 'string', runnerDefault: GITHUB_TOKEN, description: 'd' })).toBe(GITHUB_TOKEN);
    expect(describeDefault({ type: 'string', description: 'd' })).toBe('');
    expect(describeDefault({ type: 'list', default: ['a', 'b'], description: 'd' })).toBe('a, b');
    expect(describeDefault({ type: 'boolean', default: false, description: 'd' })).toBe('false');
    expect(describeDefault({ type: 'number', default: 85, description: 'd' })).toBe('85');
  });
});
