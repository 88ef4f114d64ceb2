import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { judgeRounds, renderBenchSummary, renderBenchTable, runPaired } from '@ccm/gate';
import { MIN_ROUNDS } from '@ccm/reports';
import { ConfigurationError } from '@ccm/toolkit/errors';
import type { Command } from 'commander';
import type { CliIo } from './program';

interface BenchCompareOptions {
  base: string;
  rounds: string;
  setup?: string[];
  maxRegression: string;
  json?: boolean;
  summary?: string;
  quiet?: boolean;
}

/**
 * `ccm bench compare --base REF --rounds N -- CMD...`: paired A/B benchmarks in one job. Exits 1
 * when a benchmark regressed beyond the limit with its whole interval, 0 otherwise, 2 on usage errors.
 */
export function addBenchCommand(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('bench')
    .description('Benchmarks: compare a change against a base commit, paired A/B runs in one job.')
    .command('compare')
    .description(
      "Run CMD in a worktree of --base and in this tree alternately (ABBA), {output} in CMD being each run's report path; judge each benchmark on the per-round ratios. Exits 1 on a regression.",
    )
    .argument('<command...>', 'the benchmark command after --, with {output} where it writes its report')
    .requiredOption('--base <ref>', 'the commit to compare against (a branch, tag or SHA)')
    .option('--rounds <n>', `paired rounds, at least ${MIN_ROUNDS}`, '10')
    .option(
      '--setup <command>',
      'run once in each tree before the rounds (repeatable); split on spaces, no shell: use a script for more',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--max-regression <percent>', 'largest slowdown accepted, in percent', '5')
    .option('--json', 'print {"benchmarks": [{name, verdict, ratio, low, high, rounds}]} instead of the table')
    .option('--summary <file>', 'also write the Markdown table')
    .option('--quiet', 'no progress lines on stderr')
    .action(async (command: string[], options: BenchCompareOptions) => {
      const rounds = Number(options.rounds);
      if (!Number.isInteger(rounds) || rounds < MIN_ROUNDS)
        throw new ConfigurationError(
          `--rounds: ${options.rounds} is not a whole number of at least ${MIN_ROUNDS} (fewer rounds give no 95% interval)`,
        );
      const percent = Number(options.maxRegression);
      if (!Number.isFinite(percent) || percent <= 0)
        throw new ConfigurationError(`--max-regression: ${options.maxRegression} is not a positive percentage`);
      const setup = (options.setup ?? []).map((line) => line.split(' ').filter((part) => part !== ''));
      const paired = await runPaired({
        cwd: io.cwd,
        base: options.base,
        rounds,
        command,
        setup,
        ...(options.quiet ? {} : { log: (line: string) => io.error(line) }),
      });
      const comparison = judgeRounds(paired, percent / 100);
      if (comparison.benchmarks.length === 0)
        throw new ConfigurationError('no benchmark is present in both the base and the head reports');
      if (options.summary)
        await writeFile(resolve(io.cwd, options.summary), `${renderBenchSummary(comparison, percent / 100)}\n`);
      if (options.json) {
        const benchmarks = comparison.benchmarks.map(({ name, verdict, ratio, low, high, rounds: n }) => ({
          name,
          verdict,
          ratio,
          low,
          high,
          rounds: n,
        }));
        io.print(JSON.stringify({ benchmarks }, null, 2));
      } else io.print(renderBenchTable(comparison, percent / 100));
      exit(comparison.benchmarks.some((b) => b.verdict === 'regressed') ? 1 : 0);
    });
}
