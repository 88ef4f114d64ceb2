/**
 * The rollout's hooks (`pre-command`, `promote-command`, `rollback-command`): a program and its
 * arguments, one a line in the input, run without a shell so no input is ever interpolated into
 * one; what it prints goes to the log.
 */
import { spawn } from 'node:child_process';
import type { Logger } from '@ccm/toolkit';
import { ConfigurationError } from '@ccm/toolkit/errors';

export type HookName = 'pre-command' | 'promote-command' | 'rollback-command' | 'deploy-command';

/** Runs a hook; resolves when it exits 0, rejects with a ConfigurationError naming the input otherwise. */
export type HookRunner = (name: HookName, argv: readonly string[]) => Promise<void>;

export function processHookRunner(log: Logger, cwd: string, env: NodeJS.ProcessEnv = process.env): HookRunner {
  return (name, argv) =>
    new Promise<void>((resolve, reject) => {
      const [program, ...args] = argv;
      if (!program) {
        resolve();
        return;
      }
      log.info(`${name}: running ${JSON.stringify(argv)}`);
      const child = spawn(program, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const forward = (stream: NodeJS.ReadableStream) => {
        let rest = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          const lines = (rest + chunk).split(/\r?\n/);
          rest = lines.pop() ?? '';
          for (const line of lines) log.info(`${name}> ${line}`);
        });
        stream.on('end', () => {
          if (rest) log.info(`${name}> ${rest}`);
        });
      };
      forward(child.stdout);
      forward(child.stderr);
      child.on('error', (error: NodeJS.ErrnoException) => {
        reject(new ConfigurationError(`input ${name}: cannot run '${program}' (${error.code ?? error.message})`));
      });
      child.on('close', (code, signal) => {
        if (code === 0) resolve();
        else
          reject(
            new ConfigurationError(
              `input ${name}: '${program}' ${signal ? `was killed by ${signal}` : `exited with ${code}`}`,
            ),
          );
      });
    });
}
