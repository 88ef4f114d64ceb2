import { describeDefault, type InputSchema } from './inputs';
import { escapeCell, table } from './markdown';
import type { OutputSchema } from './outputs';

/** The `inputs:` mapping action.yml must hold for a schema: what the consistency test compares. */
export function actionYmlInputs(
  schema: InputSchema,
): Record<string, { description: string; required: boolean; default?: string }> {
  const result: Record<string, { description: string; required: boolean; default?: string }> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const shown = describeDefault(spec);
    const description =
      spec.runnerDefault === undefined && shown !== '' ? `${spec.description} Default: ${shown}.` : spec.description;
    result[name] = { description, required: spec.required ?? false };
    // Only runner-evaluated defaults go to action.yml: the others are applied in code, so a value
    // from a config file can take their place (the runner would otherwise always send the default).
    if (spec.runnerDefault !== undefined) result[name].default = spec.runnerDefault;
  }
  return result;
}

export function actionYmlOutputs(schema: OutputSchema): Record<string, { description: string }> {
  return Object.fromEntries(Object.entries(schema).map(([name, spec]) => [name, { description: spec.description }]));
}

export const INPUTS_START = '<!-- inputs:start -->';
export const INPUTS_END = '<!-- inputs:end -->';
export const OUTPUTS_START = '<!-- outputs:start -->';
export const OUTPUTS_END = '<!-- outputs:end -->';

export function inputsTable(schema: InputSchema): string {
  return table(
    ['Input', 'Description', 'Default', 'Required'],
    Object.entries(schema).map(([name, spec]) => [
      `\`${name}\``,
      escapeCell(spec.description),
      describeDefault(spec) === '' ? '' : `\`${escapeCell(describeDefault(spec))}\``,
      spec.required ? 'yes' : 'no',
    ]),
  );
}

export function outputsTable(schema: OutputSchema): string {
  return table(
    ['Output', 'Description'],
    Object.entries(schema).map(([name, spec]) => [`\`${name}\``, escapeCell(spec.description)]),
  );
}

/** Replaces the text between two markers; used by the docs script and checked by the docs test. */
export function replaceBetween(text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) throw new Error(`markers ${start} … ${end} not found`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
