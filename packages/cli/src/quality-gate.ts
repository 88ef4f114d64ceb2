import { tmpdir } from 'node:os';
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
    result = await qualityGateStep(runtime, { workspace: options.cwd, tempDir: tmpdir() });
  } catch (error) {
    if (!(error instanceof GateFailedError)) throw error;
    result = error.result;
    code = 1;
  }
  print(options.json ? JSON.stringify(result, null, 2) : `${verdictText(result)}\n\nreport: ${runtime.outputs.report}`);
  return { code, result };
}

export { gateInputs };
