import * as core from '@actions/core';
import { ConfigurationError, errorMessage } from './errors';
import type { Runtime } from './runtime';
import { defuseCommands } from './workflow-commands';

/** The Runtime of a step on a GitHub runner, over @actions/core's file and stdout commands. */
export function actionsRuntime(): Runtime {
  return {
    // core.info prints as it is given; warning and debug are commands whose data core escapes.
    log: { info: (message) => core.info(defuseCommands(message)), warning: core.warning, debug: core.debug },
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
    annotate: ({ level, message, title, file, line, endLine }) => {
      const properties = { title, file, startLine: line, endLine };
      if (level === 'error') core.error(message, properties);
      else if (level === 'warning') core.warning(message, properties);
      else core.notice(message, properties);
    },
    saveState: (name, value) => core.saveState(name, value),
    exportVariable: (name, value) => core.exportVariable(name, value),
    getState: (name) => core.getState(name),
    mask: (secret) => core.setSecret(secret),
  };
}

/**
 * Runs an action's entry point: a ConfigurationError (the user's to fix) fails the step with its
 * message alone; anything else is our bug, reported with its stack so it can be filed.
 */
export async function runAction(main: (runtime: Runtime) => Promise<void>): Promise<void> {
  try {
    await main(actionsRuntime());
  } catch (error) {
    if (error instanceof ConfigurationError) core.setFailed(error.message);
    else
      core.setFailed(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}`,
      );
  }
}
