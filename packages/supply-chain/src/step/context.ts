import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Runtime } from '@ccm/toolkit';
import { InputError, type InputValues, readInputs } from '@ccm/toolkit';
import { sbomSignInputs } from '../inputs';

export type SbomSignInputs = InputValues<typeof sbomSignInputs>;

/** Where the step runs: the runner's workspace, temp folder and environment (or the CLI's). */
export interface SbomSignContext {
  workspace: string;
  tempDir: string;
  env: NodeJS.ProcessEnv;
}

export function readSbomSignInputs(runtime: Runtime): SbomSignInputs {
  const inputs = readInputs(sbomSignInputs, runtime.getInput);
  if (inputs['private-key']) runtime.mask(inputs['private-key']);
  return inputs;
}

export async function sha256File(path: string): Promise<string> {
  return `sha256:${createHash('sha256')
    .update(await readFile(path))
    .digest('hex')}`;
}

/** A key input: PEM text, or a path to a PEM file (so a CLI user need not put a key on the command line). */
export function readPem(value: string, input: string, root: string): string {
  if (value.includes('-----BEGIN')) return value;
  const path = resolve(root, value);
  if (!existsSync(path)) throw new InputError(input, 'is neither a PEM key nor a file holding one');
  return readFileSync(path, 'utf8');
}

/** The folder the step works in: working-directory under the workspace, or the workspace. */
export function workingRoot(context: SbomSignContext, inputs: SbomSignInputs): string {
  return inputs['working-directory'] ? resolve(context.workspace, inputs['working-directory']) : context.workspace;
}
