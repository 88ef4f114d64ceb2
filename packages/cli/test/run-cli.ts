import { type CliIo, runCli } from '../src/program';

/** Runs `ccm <args>` in cwd as the binary would, keeping what it prints and its exit code. */
export async function runCcm(cwd: string, args: readonly string[], io: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['node', 'ccm', ...args], {
    print: (text) => out.push(text),
    error: (text) => err.push(text),
    cwd,
    ...io,
  });
  return { code, out, err };
}
