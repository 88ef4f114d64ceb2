import type { InputSchema } from '@ccm/toolkit';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addInputOptions, inputsFromOptions } from '../src/options';

// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression the runner evaluates, not a template
const GITHUB_TOKEN = '${{ github.token }}';

const schema = {
  coverage: { type: 'list', description: 'Coverage reports.' },
  'min-coverage': { type: 'number', default: 85, description: 'Minimum coverage.' },
  'fail-on-severity': { type: 'enum', values: ['high', 'none'], default: 'high', description: 'Severity.' },
  comment: { type: 'boolean', default: true, description: 'Comment.' },
  name: { type: 'string', description: 'Name.' },
  token: { type: 'string', runnerDefault: GITHUB_TOKEN, description: 'Token.' },
} as const satisfies InputSchema;

/** Parses a command line as `ccm gate ...` with the schema's options. */
function parse(args: string[], skip: string[] = []): { command: Command; options: Record<string, unknown> } {
  const command = addInputOptions(new Command('gate').exitOverride(), schema, skip);
  command.parse(args, { from: 'user' });
  return { command, options: command.opts() };
}

describe('addInputOptions', () => {
  it('adds one option per input, the placeholder saying what it takes', () => {
    const { command } = parse([]);
    const flags = Object.fromEntries(command.options.map((o) => [o.long, o.flags]));
    expect(flags).toEqual({
      '--coverage': '--coverage <glob...>',
      '--min-coverage': '--min-coverage <number>',
      '--fail-on-severity': '--fail-on-severity <high|none>',
      '--comment': '--comment [bool]',
      '--name': '--name <string>',
      '--token': '--token <string>',
    });
  });

  it('shows code defaults in the help, never a runner default', () => {
    const { command } = parse([]);
    const description = (long: string) => command.options.find((o) => o.long === long)?.description;
    expect(description('--min-coverage')).toBe('Minimum coverage. (default: 85)');
    expect(description('--token')).toBe('Token.');
    expect(description('--name')).toBe('Name.');
  });

  it('leaves out the skipped inputs', () => {
    const { command } = parse([], ['token', 'comment']);
    expect(command.options.map((o) => o.long)).toEqual([
      '--coverage',
      '--min-coverage',
      '--fail-on-severity',
      '--name',
    ]);
  });
});

describe('inputsFromOptions', () => {
  it('turns repeated list options into one newline-joined input, as the action would receive it', () => {
    const { options } = parse(['--coverage', 'a/lcov.info', '--coverage', 'b/**/*.xml', '--min-coverage', '90']);
    expect(inputsFromOptions(schema, options)).toEqual({
      coverage: 'a/lcov.info\nb/**/*.xml',
      'min-coverage': '90',
    });
  });

  it('takes a bare boolean flag as true and keeps an explicit value as written', () => {
    expect(inputsFromOptions(schema, parse(['--comment']).options)).toEqual({ comment: 'true' });
    expect(inputsFromOptions(schema, parse(['--comment', 'false']).options)).toEqual({ comment: 'false' });
  });

  it('maps camel-cased option keys back to the input names and skips options not given', () => {
    expect(inputsFromOptions(schema, { failOnSeverity: 'none', name: 'api', unrelated: 'x' })).toEqual({
      'fail-on-severity': 'none',
      name: 'api',
    });
    expect(inputsFromOptions(schema, {})).toEqual({});
  });
});
