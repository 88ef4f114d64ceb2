import { tmpdir } from 'node:os';
import {
  RollbackFailedError,
  realRollbackAdapters,
  revertContextOf,
  rollbackInputs,
  rollbackStep,
} from '@ccm/delivery/rollback';
import type { Command } from 'commander';
import { addInputOptions, inputsFromOptions } from './options';
import type { CliIo } from './program';
import { cliRuntime } from './runtime';

/**
 * `ccm rollback`: the action's step with the CLI's runtime. Prints what it restored and how long it
 * took; a rollback whose health did not return exits 1 (after printing the report's path), a usage
 * or configuration mistake 2.
 */
export function addRollbackCommand(program: Command, io: CliIo, exit: (code: number) => void): void {
  addInputOptions(
    program
      .command('rollback')
      .description(
        'Back to the last known-good release of an environment from the release ledger, through a deploy command or the router. Exits 1 when health did not return.',
      )
      .option('--summary <file>', 'also write the Markdown summary the action would show')
      .option('--quiet', 'no log lines on stderr'),
    rollbackInputs,
    ['github-token'],
  ).action(async (options: Record<string, unknown>) => {
    const runtime = cliRuntime({
      inputs: inputsFromOptions(rollbackInputs, options),
      ...(typeof options.summary === 'string' ? { summaryFile: options.summary } : {}),
      quiet: options.quiet === true,
    });
    const runId = process.env.GITHUB_RUN_ID;
    const github = revertContextOf(process.env);
    const context = {
      workspace: io.cwd,
      tempDir: tmpdir(),
      inActions: false,
      ...(runId ? { runId } : {}),
      ...(github ? { github } : {}),
    };
    try {
      const report = await rollbackStep(runtime, context, realRollbackAdapters);
      io.print(`${report.result}: ${report.reason} (${report.durationMs} ms)`);
      io.print(`report: ${runtime.outputs.report}`);
      exit(0);
    } catch (error) {
      if (!(error instanceof RollbackFailedError)) throw error;
      io.print(`failed: ${error.report.reason}`);
      io.print(`report: ${runtime.outputs.report}`);
      exit(1);
    }
  });
}
