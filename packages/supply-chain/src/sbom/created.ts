import { execFile } from 'node:child_process';

/**
 * When the SBOM was made, for SPDX's required `created`: SOURCE_DATE_EPOCH when set (the
 * reproducible-builds convention), else the time of the commit checked out (the same commit gives
 * the same bytes), else now. Seconds since the epoch.
 */
export async function spdxCreatedEpoch(
  sourceDateEpoch: number | undefined,
  directory: string,
  now: () => number = Date.now,
): Promise<number> {
  if (sourceDateEpoch !== undefined) return sourceDateEpoch;
  return (await commitTime(directory)) ?? Math.floor(now() / 1000);
}

/** The committer time of HEAD, or undefined outside a git checkout (or without git). */
export function commitTime(directory: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', directory, 'log', '-1', '--format=%ct', 'HEAD'],
      { timeout: 10_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout) => {
        const seconds = stdout.trim();
        resolve(!error && /^\d+$/.test(seconds) ? Number(seconds) : undefined);
      },
    );
  });
}
