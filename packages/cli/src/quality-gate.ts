import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GateFailedError, type GateResult, gateInputs, qualityGateStep } from '@ccm/gate';
import { cliRuntime } from './runtime';
import { verdictText } from './text';

export interface GateCommandOptions {
  inputs: Record<string, string>;
  cwd: string;
  summaryFile?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Runs the same step as the action; returns the exit code (0 passed, 1 failed). Configuration errors propagate. */
export async function runGateCommand(
  options: GateCommandOptions,
  print: (text: string) => void,
): Promise<{ code: number; result: GateResult }> {
  // The CLI never comments on pull requests: that needs the runner's token.
  const runtime = cliRuntime({
    inputs: { ...options.inputs, comment: 'false' },
    ...(options.summaryFile ? { summaryFile: options.summaryFile } : {}),
    quiet: options.quiet ?? false,
  });
  let result: GateResult;
  let code = 0;
  try {
    // A folder of this run's own: two runs on one machine never write over each other's report.
    const tempDir = await mkdtemp(join(tmpdir(), 'ccm-quality-gate-'));
    result = await qualityGateStep(runtime, { workspace: options.cwd, tempDir });
  } catch (error) {
    if (!(error instanceof GateFailedError)) throw error;
    result = error.result;
    code = 1;
  }
  if (options.json) {
    print(JSON.stringify(result, null, 2));
    runtime.log.info(`report: ${runtime.outputs.report}`);
  } else print(`${verdictText(result)}\n\nreport: ${runtime.outputs.report}`);
  return { code, result };
}

export { gateInputs };
