import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Runtime } from '@ccm/toolkit';
import { type InputValues, readInputs } from '@ccm/toolkit';
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
