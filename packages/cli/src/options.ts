import type { InputSchema, InputSpec } from '@ccm/toolkit';
import { describeDefault } from '@ccm/toolkit';
import { type Command, Option } from 'commander';

/** Adds one option per declared input (`--min-coverage <number>`); list inputs repeat (`--coverage a --coverage b`). */
export function addInputOptions(command: Command, schema: InputSchema, skip: readonly string[] = []): Command {
  for (const [name, spec] of Object.entries(schema)) {
    if (skip.includes(name)) continue;
    const placeholder =
      spec.type === 'list'
        ? `<glob...>`
        : spec.type === 'boolean'
          ? '[bool]'
          : `<${spec.type === 'enum' ? spec.values.join('|') : spec.type}>`;
    const shown = spec.runnerDefault === undefined ? describeDefault(spec) : '';
    const option = new Option(
      `--${name} ${placeholder}`,
      `${cliDescription(spec)}${shown ? ` (default: ${shown})` : ''}`,
    );
    command.addOption(option);
  }
  return command;
}

/** The option values as the raw input strings the action would receive (lists newline-joined). */
export function inputsFromOptions(schema: InputSchema, options: Record<string, unknown>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const name of Object.keys(schema)) {
    const value = options[camel(name)];
    if (value === undefined) continue;
    inputs[name] = Array.isArray(value) ? value.join('\n') : value === true ? 'true' : String(value);
  }
  return inputs;
}

/**
 * The action's description, as the command line takes it: a list input is newline-separated in a
 * workflow, but here its values follow one flag (or the flag repeats).
 */
function cliDescription(spec: InputSpec): string {
  if (spec.type !== 'list') return spec.description;
  const text = spec.description.replace(/newline-separated /g, '');
  return `${text} Several values may follow the flag, or the flag may repeat.`;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
