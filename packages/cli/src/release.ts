import { listReleases, openLedger, RELEASE_OUTCOMES, type Release, type ReleaseOutcome } from '@ccm/delivery/ledger';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { type Command, Option } from 'commander';
import type { CliIo } from './program';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

interface RecordOptions {
  ledger: string;
  environment: string;
  version: string;
  outcome: ReleaseOutcome;
  digest?: string;
  commit?: string;
  json?: boolean;
}

/** `ccm release record | list`: the release ledger that `rollback` reads, from any CI or a laptop. */
export function addReleaseCommands(program: Command, io: CliIo, exit: (code: number) => void): void {
  const release = program
    .command('release')
    .description('The release ledger: record what was deployed where and how it ended; list an environment.');

  release
    .command('record')
    .description('Record a release of a version in an environment, with its outcome.')
    .requiredOption('--ledger <store>', 'where the ledger is: file:PATH')
    .requiredOption('--environment <name>', 'the environment deployed to')
    .requiredOption('--version <version>', 'the version deployed')
    .addOption(
      new Option('--outcome <outcome>', 'how the deploy ended').choices(RELEASE_OUTCOMES).makeOptionMandatory(),
    )
    .option('--digest <sha256:hex>', "the artifact's digest, checked again when rolling back to it")
    .option('--commit <sha>', 'the commit deployed')
    .option('--json', 'print the recorded release as JSON')
    .action(async (options: RecordOptions) => {
      if (options.digest !== undefined && !DIGEST.test(options.digest))
        throw new ConfigurationError(`--digest: '${options.digest}' is not sha256:<64 lowercase hex digits>`);
      const ledger = openLedger(options.ledger, io.cwd, '--ledger', githubToken());
      const recorded = await ledger.record({
        environment: options.environment,
        version: options.version,
        outcome: options.outcome,
        ...(options.digest ? { digest: options.digest } : {}),
        ...(options.commit ? { commit: options.commit } : {}),
        ...(process.env.GITHUB_RUN_ID ? { runId: process.env.GITHUB_RUN_ID } : {}),
        source: 'ccm release record',
      });
      io.print(
        options.json
          ? JSON.stringify(recorded, null, 2)
          : `recorded release ${recorded.id}: ${recorded.environment} ${recorded.version} (${recorded.outcome}) in ${ledger.name}`,
      );
      exit(0);
    });

  release
    .command('list')
    .description("An environment's releases, newest first.")
    .requiredOption('--ledger <store>', 'where the ledger is: file:PATH')
    .requiredOption('--environment <name>', 'the environment')
    .option('--limit <n>', 'only the newest n releases (the github ledger then reads only as many pages)')
    .option('--json', 'print the releases as JSON')
    .action(async (options: { ledger: string; environment: string; json?: boolean; limit?: string }) => {
      const limit = options.limit === undefined ? Number.POSITIVE_INFINITY : wholeNumber(options.limit);
      const releases = await listReleases(
        openLedger(options.ledger, io.cwd, '--ledger', githubToken()),
        options.environment,
        limit,
      );
      if (options.json) io.print(JSON.stringify(releases, null, 2));
      else if (releases.length === 0) io.print(`no releases of ${options.environment} in ${options.ledger}`);
      else for (const line of releaseTable(releases)) io.print(line);
      exit(0);
    });
}

function wholeNumber(text: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(text.trim()))
    throw new ConfigurationError(`--limit: expected a whole number of releases of at least 1, got '${text}'`);
  return Number(text);
}

/** Aligned text columns: id, version, outcome, when, digest and commit (shortened), what recorded it. */
function releaseTable(releases: Release[]): string[] {
  const rows = [
    ['ID', 'VERSION', 'OUTCOME', 'RECORDED', 'DIGEST', 'COMMIT', 'BY'],
    ...releases.map((r) => [
      r.id,
      r.version,
      r.outcome,
      r.createdAt.replace(/\.\d+Z$/, 'Z'),
      r.digest ? `${r.digest.slice(0, 19)}…` : '-',
      r.commit ? r.commit.slice(0, 12) : '-',
      r.source ?? '-',
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** `--ledger github` from a CI step: the token the job gives (GITHUB_TOKEN), never an option that shows in ps. */
function githubToken(): { token?: string } {
  const token = process.env.GITHUB_TOKEN;
  return token ? { token } : {};
}
