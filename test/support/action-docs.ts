import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  actionYmlInputs,
  actionYmlOutputs,
  INPUTS_END,
  INPUTS_START,
  type InputSchema,
  inputsTable,
  OUTPUTS_END,
  OUTPUTS_START,
  type OutputSchema,
  outputsTable,
  replaceBetween,
} from '@ccm/toolkit';
import { parse, stringify } from 'yaml';

/**
 * The parts of an action's action.yml and README that must follow its declared schema.
 * With UPDATE_DOCS=1 the files are rewritten from the schema (then review the diff and commit).
 */
export function actionDocs(actionDir: string, inputs: InputSchema, outputs: OutputSchema) {
  const ymlPath = join(actionDir, 'action.yml');
  const readmePath = join(actionDir, 'README.md');
  const expectedInputs = actionYmlInputs(inputs);
  const expectedOutputs = actionYmlOutputs(outputs);
  if (process.env.UPDATE_DOCS === '1') {
    const yml = readFileSync(ymlPath, 'utf8');
    writeFileSync(
      ymlPath,
      rewriteYmlSection(rewriteYmlSection(yml, 'inputs', expectedInputs), 'outputs', expectedOutputs),
    );
    let readme = readFileSync(readmePath, 'utf8');
    readme = replaceBetween(readme, INPUTS_START, INPUTS_END, inputsTable(inputs));
    readme = replaceBetween(readme, OUTPUTS_START, OUTPUTS_END, outputsTable(outputs));
    writeFileSync(readmePath, readme);
  }
  const action = parse(readFileSync(ymlPath, 'utf8')) as {
    inputs?: unknown;
    outputs?: unknown;
    runs?: Record<string, unknown>;
  };
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  return {
    action,
    readme,
    expectedInputs,
    expectedOutputs,
    expectedReadmeInputs: replaceBetween(readme, INPUTS_START, INPUTS_END, inputsTable(inputs)),
    expectedReadmeOutputs: replaceBetween(readme, OUTPUTS_START, OUTPUTS_END, outputsTable(outputs)),
  };
}

/** Replaces one top-level mapping of action.yml (inputs or outputs), keeping the rest as written. */
function rewriteYmlSection(yml: string, key: string, value: object): string {
  const block = stringify({ [key]: value }, { lineWidth: 0 }).trimEnd();
  const pattern = new RegExp(`^${key}:\\n(?:(?:  .*|)\\n)*`, 'm');
  return pattern.test(yml) ? yml.replace(pattern, `${block}\n`) : `${yml.trimEnd()}\n${block}\n`;
}
