import { execFile } from 'node:child_process';
import { ConfigurationError } from '@ccm/toolkit/errors';

/** A git command that exited non-zero: what it was (never with secrets: they travel in `env`) and what git said. */
export class GitError extends ConfigurationError {
  override name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly code: number | string | undefined,
  ) {
    super(`git ${args.join(' ')} failed (${code ?? 'no exit code'}): ${oneLine(stderr) || 'no message'}`);
  }
}

export type Git = (args: readonly string[], options?: { env?: NodeJS.ProcessEnv }) => Promise<string>;

/**
 * Runs git in `cwd` with an argument array, never a shell. `env` adds variables for that one
 * command (how a token reaches `git push` without appearing in its arguments or any config file).
 */
export function gitIn(cwd: string, baseEnv: NodeJS.ProcessEnv = process.env): Git {
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      execFile(
        'git',
        [...args],
        {
          cwd,
          env: { ...baseEnv, GIT_TERMINAL_PROMPT: '0', ...options.env },
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          if (!error) resolve(stdout);
          else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
            reject(new ConfigurationError('revert-pr needs git on PATH, and it is not there'));
          else reject(new GitError(args, stderr, (error as { code?: number | string }).code));
        },
      );
    });
}

function oneLine(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}
