import { execFile } from 'node:child_process';
import { isAbsolutePath, normalizeFolder, type PathContext } from './cache-paths';

/** Runs a tool and returns its trimmed stdout, or undefined when the tool is missing, fails or times out. */
export type ToolRunner = (file: string, args: readonly string[], cwd: string) => Promise<string | undefined>;

/** A question to a tool: the program and its fixed arguments (never user text). */
export interface ToolCommand {
  file: string;
  args: readonly string[];
}

/** Long enough for a JVM or Python start, short enough that a hung tool costs a few seconds, not the job. */
const TOOL_TIMEOUT_MS = 5_000;

/** cmd.exe is only ever handed our own constant tokens, so it has nothing to interpret. */
const SAFE_TOKEN = /^[A-Za-z0-9._:=-]+$/;

/** A ToolRunner whose tools see this environment (the step's, which may point npm_config_cache elsewhere). */
export function toolRunner(env: NodeJS.ProcessEnv = process.env): ToolRunner {
  return (file, args, cwd) => runWith(env, file, args, cwd);
}

export const runTool: ToolRunner = toolRunner();

async function runWith(
  env: NodeJS.ProcessEnv,
  file: string,
  args: readonly string[],
  cwd: string,
): Promise<string | undefined> {
  const direct = await execute(env, file, args, cwd, false);
  if (direct.ok || process.platform !== 'win32' || direct.code !== 'ENOENT') return direct.stdout;
  // npm, pnpm and yarn are .cmd shims on Windows, which only cmd.exe can start.
  if (![file, ...args].every((token) => SAFE_TOKEN.test(token))) return undefined;
  const viaShell = await execute(env, 'cmd.exe', ['/d', '/s', '/c', [file, ...args].join(' ')], cwd, true);
  return viaShell.stdout;
}

interface Execution {
  ok: boolean;
  stdout: string | undefined;
  code?: string;
}

function execute(
  env: NodeJS.ProcessEnv,
  file: string,
  args: readonly string[],
  cwd: string,
  verbatim: boolean,
): Promise<Execution> {
  return new Promise((resolve) => {
    try {
      execFile(
        file,
        args,
        {
          cwd,
          timeout: TOOL_TIMEOUT_MS,
          encoding: 'utf8',
          maxBuffer: 1024 * 1024,
          windowsHide: true,
          windowsVerbatimArguments: verbatim,
          env: { ...env, NO_COLOR: '1', NO_UPDATE_NOTIFIER: '1' },
        },
        (error, stdout) => {
          if (error) resolve({ ok: false, stdout: undefined, code: errorCode(error) });
          else resolve({ ok: true, stdout: stdout.trim() });
        },
      );
    } catch (error) {
      // A synchronous spawn failure (EINVAL for a .cmd on Windows, a bad cwd) is a missing tool to us.
      resolve({ ok: false, stdout: undefined, code: errorCode(error) });
    }
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** A runner that lets at most `limit` tools run at once, so a monorepo of 50 projects forks no storm. */
export function limitConcurrency(tools: ToolRunner, limit: number): ToolRunner {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (file, args, cwd) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await tools(file, args, cwd);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * Folders a tool prints, one a line (the last `count` lines: some tools print a notice first).
 * Undefined when the tool is absent or prints anything that is not an absolute path.
 */
export async function askFolders(
  tools: ToolRunner,
  command: ToolCommand,
  count: number,
  cwd: string,
  ctx: PathContext,
): Promise<string[] | undefined> {
  const output = await tools(command.file, command.args, cwd);
  if (output === undefined) return undefined;
  const lines = stripAnsi(output)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const folders = lines.slice(-count);
  if (folders.length !== count || !folders.every((folder) => isAbsolutePath(ctx, folder))) return undefined;
  return folders.map((folder) => normalizeFolder(ctx, folder));
}

const DEFAULT_VERSION = /(\d+\.\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?)/;

/** The version a tool reports, 'absent' when it does not run; its first line when no version is in it. */
export async function askVersion(
  tools: ToolRunner,
  command: ToolCommand,
  cwd: string,
  pattern: RegExp = DEFAULT_VERSION,
): Promise<string> {
  const output = await tools(command.file, command.args, cwd);
  if (output === undefined) return 'absent';
  const text = stripAnsi(output);
  const match = pattern.exec(text);
  if (match?.[1]) return match[1];
  return text.split(/\r?\n/, 1)[0]?.trim().slice(0, 80) || 'unknown';
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters by definition.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Maven colours its banner even when piped. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
