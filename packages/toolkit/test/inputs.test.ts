import { describe, expect, it } from 'vitest';
import { InputError, type InputSchema, inputEnvName, readInputs } from '../src/inputs';

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
});
