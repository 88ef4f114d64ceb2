import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BenchmarkReport, loadBenchmarks } from '@ccm/reports';
import { ConfigurationError } from '@ccm/toolkit/errors';
import type { PairedRound } from './judge';

const run = promisify(execFile);

/** The placeholder in the benchmark command that each run replaces with its own report path. */
export const OUTPUT_PLACEHOLDER = '{output}';

export interface PairedRunOptions {
  /** The folder the command runs in (inside a git work tree); the base runs in the same subfolder. */
  cwd: string;
  /** The commit-ish to compare against. */
  base: string;
  rounds: number;
  /** Program and arguments; at least one argument holds `{output}`. */
  command: readonly string[];
  /** Commands run once in each tree before the rounds (installs, builds), each as program and arguments. */
  setup: readonly (readonly string[])[];
  /** One line per run, for progress on stderr. */
  log?: (line: string) => void;
}

/**
 * Runs the benchmark command in a temporary worktree of `base` and in the current tree alternately,
 * ABBA (round 1 base then head, round 2 head then base, ...), so a linear drift within a pair of rounds
 * hits both sides alike. The worktree and the reports are removed afterwards, whatever happened.
 */
export async function runPaired(options: PairedRunOptions): Promise<PairedRound[]> {
  if (!options.command.some((arg) => arg.includes(OUTPUT_PLACEHOLDER)))
    throw new ConfigurationError(`the benchmark command must name its report file as ${OUTPUT_PLACEHOLDER}`);
  const git = (args: string[], cwd = options.cwd) => run('git', args, { cwd, maxBuffer: 1 << 26 });
  const top = await git(['rev-parse', '--show-toplevel']).catch(() => {
    throw new ConfigurationError(`${options.cwd} is not inside a git work tree`);
  });
  const prefix = (await git(['rev-parse', '--show-prefix'])).stdout.trim();
  const commit = await git(['rev-parse', '--verify', '--quiet', `${options.base}^{commit}`]).catch(() => {
    throw new ConfigurationError(`--base: '${options.base}' is not a commit here; fetch it first (fetch-depth: 0)`);
  });
  const scratch = await mkdtemp(join(tmpdir(), 'ccm-bench-'));
  const tree = join(scratch, 'base');
  const root = top.stdout.trim();
  try {
    await git(['worktree', 'add', '--detach', tree, commit.stdout.trim()], root);
    const trees = { base: join(tree, prefix), head: options.cwd };
    for (const side of ['base', 'head'] as const)
      for (const step of options.setup) await runStep(step, trees[side], `setup (${side})`);
    const rounds: PairedRound[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const order = round % 2 === 1 ? (['base', 'head'] as const) : (['head', 'base'] as const);
      const reports: Partial<Record<'base' | 'head', BenchmarkReport>> = {};
      for (const side of order) {
        const output = join(scratch, `${side}-${round}.report`);
        options.log?.(`round ${round}/${options.rounds}: ${side}`);
        const command = options.command.map((arg) => arg.replaceAll(OUTPUT_PLACEHOLDER, output));
        await runStep(command, trees[side], `benchmark (${side}, round ${round})`);
        reports[side] = await readReport(output, `${side} round ${round}`);
      }
      rounds.push({ base: reports.base!, head: reports.head! });
    }
    return rounds;
  } finally {
    await git(['worktree', 'remove', '--force', tree], root).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
    await git(['worktree', 'prune'], root).catch(() => undefined);
  }
}

async function runStep(command: readonly string[], cwd: string, what: string): Promise<void> {
  const [program, ...args] = command;
  if (!program) throw new ConfigurationError(`${what}: empty command`);
  try {
    await run(program, args, { cwd, maxBuffer: 1 << 28 });
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    // The command is the user's: its failure is theirs to fix, and the tail of its output says why.
    throw new ConfigurationError(`${what} failed in ${cwd}: ${lastLines(detail, 20)}`);
  }
}

async function readReport(file: string, what: string): Promise<BenchmarkReport> {
  const { report, files } = await loadBenchmarks([file], { root: tmpdir(), input: `report of ${what}` }).catch(
    (error: unknown) => {
      throw new ConfigurationError(
        `the report of ${what} (${file}) could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  );
  if (files.length === 0) throw new ConfigurationError(`the benchmark command wrote no report for ${what} (${file})`);
  return report;
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
