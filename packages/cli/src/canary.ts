import { tmpdir } from 'node:os';
import { type CanaryAdapters, canaryPostStep, canaryStep, RolloutFailedError, type RolloutReport } from '@ccm/delivery';
import { cliRuntime } from './runtime';

export interface CanaryCommandOptions {
  inputs: Record<string, string>;
  cwd: string;
  summaryFile?: string;
  quiet?: boolean;
}

/**
 * `ccm canary`: the action's step with the CLI's runtime. Exits 0 when promoted or paused, 1 when
 * rolled back. Interrupted mid-rollout (Ctrl-C, SIGTERM), it returns all traffic to stable first,
 * as the action's post step does.
 */
export async function runCanaryCommand(
  options: CanaryCommandOptions,
  print: (text: string) => void,
  adapters: CanaryAdapters,
): Promise<number> {
  const runtime = cliRuntime({
    inputs: options.inputs,
    ...(options.summaryFile ? { summaryFile: options.summaryFile } : {}),
    quiet: options.quiet ?? false,
  });
  const interrupted = (signal: NodeJS.Signals) => {
    canaryPostStep(runtime, adapters).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let report: RolloutReport;
  let code = 0;
  try {
    report = await canaryStep(runtime, { workspace: options.cwd, tempDir: tmpdir() }, adapters);
  } catch (error) {
    if (!(error instanceof RolloutFailedError)) throw error;
    report = error.report;
    code = 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  print(`canary: ${report.result} at ${report.finalWeight}%: ${report.reason}\nreport: ${runtime.outputs.report}`);
  return code;
}
