import { describe, expect, it } from 'vitest';
import {
  actionYmlInputs,
  actionYmlOutputs,
  INPUTS_END,
  INPUTS_START,
  inputsTable,
  outputsTable,
  replaceBetween,
} from '../src/docs';
import type { InputSchema } from '../src/inputs';

// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression the runner evaluates, not a template
const GITHUB_TOKEN = '${{ github.token }}';

const schema = {
  coverage: { type: 'list', description: 'Reports | globs.', required: true },
  'min-coverage': { type: 'number', default: 85, description: 'Minimum.' },
  token: { type: 'string', runnerDefault: GITHUB_TOKEN, description: 'Token.' },
} as const satisfies InputSchema;

describe('actionYmlInputs', () => {
  it('writes only runner defaults as defaults; code defaults go into the description', () => {
    expect(actionYmlInputs(schema)).toEqual({
      coverage: { description: 'Reports | globs.', required: true },
      'min-coverage': { description: 'Minimum. Default: 85.', required: false },
      token: { description: 'Token.', required: false, default: GITHUB_TOKEN },
    });
  });
});

describe('tables', () => {
  it('lists inputs with escaped descriptions, defaults in code and whether required', () => {
    expect(inputsTable(schema).split('\n')).toEqual([
      '| Input | Description | Default | Required |',
      '| --- | --- | --- | --- |',
      '| `coverage` | Reports \\| globs. |  | yes |',
      '| `min-coverage` | Minimum. | `85` | no |',
      `| \`token\` | Token. | \`${GITHUB_TOKEN}\` | no |`,
    ]);
  });

  it('lists outputs, and gives action.yml their descriptions', () => {
    const outputs = { passed: { description: 'true or false.' } };
    expect(outputsTable(outputs).split('\n')).toEqual([
      '| Output | Description |',
      '| --- | --- |',
      '| `passed` | true or false. |',
    ]);
    expect(actionYmlOutputs(outputs)).toEqual({ passed: { description: 'true or false.' } });
  });
});

describe('replaceBetween', () => {
  it('replaces what lies between the markers and keeps them', () => {
    const text = `# Title\n${INPUTS_START}\nold\n${INPUTS_END}\nafter`;
    expect(replaceBetween(text, INPUTS_START, INPUTS_END, 'new')).toBe(
      `# Title\n${INPUTS_START}\nnew\n${INPUTS_END}\nafter`,
    );
  });

  it('refuses a text whose markers are missing or out of order', () => {
    expect(() => replaceBetween('no markers', INPUTS_START, INPUTS_END, 'x')).toThrow('not found');
    expect(() => replaceBetween(`${INPUTS_END}\n${INPUTS_START}`, INPUTS_START, INPUTS_END, 'x')).toThrow('not found');
  });
});
