import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeCell, replaceBetween, table } from '@ccm/toolkit';
import { callInterface, type Declared, root } from './workflows';

export const WORKFLOWS_START = '<!-- workflows:start -->';
export const WORKFLOWS_END = '<!-- workflows:end -->';
export const workflowsReadme = join(root, 'workflows-templates', 'README.md');

const cell = (text: unknown) => (text === undefined || text === '' ? '' : escapeCell(String(text).trimEnd()));
/** A default as code, one span a line (globs like src/** would otherwise render as emphasis). */
const code = (value: unknown) =>
  value === undefined || value === ''
    ? ''
    : String(value)
        .trimEnd()
        .split('\n')
        .map((line) => `\`${line.replace(/\|/g, '\\|')}\``)
        .join('<br>');

function section(title: string, rows: [string, Declared][], headers: string[], row: (d: Declared) => string[]) {
  if (rows.length === 0) return `${title}: none.`;
  return `${title}:\n\n${table(
    headers,
    rows.map(([name, declared]) => [`\`${name}\``, ...row(declared)]),
  )}`;
}

/** The inputs, secrets and outputs tables of each reusable workflow, generated from its workflow_call. */
export function workflowTables(files: readonly string[]): string {
  return files
    .map((file) => {
      const contract = callInterface(file);
      if (!contract) throw new Error(`${file} is not a reusable workflow`);
      const name = file.replace('.github/workflows/', '');
      return [
        `### \`${name}\``,
        section(
          'Inputs',
          Object.entries(contract.inputs),
          ['Input', 'Type', 'Description', 'Default', 'Required'],
          (d) => [d.type ?? '', cell(d.description), code(d.default), d.required ? 'yes' : 'no'],
        ),
        section('Secrets', Object.entries(contract.secrets), ['Secret', 'Description', 'Required'], (d) => [
          cell(d.description),
          d.required ? 'yes' : 'no',
        ]),
        section('Outputs', Object.entries(contract.outputs), ['Output', 'Description'], (d) => [cell(d.description)]),
      ].join('\n\n');
    })
    .join('\n\n');
}

/** The README as it must be; with UPDATE_DOCS=1 it is rewritten so (then review the diff and commit). */
export function expectedWorkflowsReadme(files: readonly string[]): { actual: string; expected: string } {
  const actual = readFileSync(workflowsReadme, 'utf8');
  const expected = replaceBetween(actual, WORKFLOWS_START, WORKFLOWS_END, workflowTables(files));
  if (process.env.UPDATE_DOCS === '1') writeFileSync(workflowsReadme, expected);
  return { actual, expected };
}
