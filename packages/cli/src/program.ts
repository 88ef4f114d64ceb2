import { resolve } from 'node:path';
import { cacheInputs } from '@ccm/cache/inputs';
import type { CanaryAdapters } from '@ccm/delivery';
import { canaryInputs } from '@ccm/delivery/inputs';
import { gateInputs } from '@ccm/gate';
import { sbomSignInputs } from '@ccm/supply-chain';
import { isConfigurationError } from '@ccm/toolkit/errors';
import { Command } from 'commander';
import { addAuditCommands } from './audit';
import { runCachedSuite, runCacheExplain, runCacheFingerprint, runCacheKey, runCacheSave, runCacheStep } from './cache';
import { runCanaryCommand } from './canary';
import { runDemo } from './demo';
import { addInputOptions, inputsFromOptions } from './options';
import { runGateCommand } from './quality-gate';
import { addReleaseCommands } from './release';
import { addRollbackCommand } from './rollback';
import { runSbomSignCommand } from './sbom-sign';

/** Where the command line reads and writes: the process's streams and folder, or a test's. */
export interface CliIo {
  /** Writes a line of output (stdout). */
  print: (text: string) => void;
  /** Writes an error line (stderr). */
  error: (text: string) => void;
  cwd: string;
  /** The routers and providers of `ccm canary`; tests pass a simulated world. Default: the real ones. */
  canaryAdapters?: CanaryAdapters;
}

/** The `ccm` commands, wired to what they run; each reports its exit code through `exit`. */
export function cliProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('ccm')
    .description('ccm: the logic of the ccm GitHub Actions, anywhere (laptop, GitLab, Jenkins).')
    .showHelpAfterError();

  addInputOptions(
    program
      .command('quality-gate')
      .description(
        'Read coverage, test, security, complexity and benchmark reports and enforce thresholds. Exits 1 when the gate fails.',
      )
      .option('--summary <file>', 'also write the Markdown summary the action would show')
      .option('--json', 'print the JSON report instead of the text verdict')
      .option('--quiet', 'no log lines or annotations on stderr'),
    gateInputs,
    ['github-token', 'comment'],
  ).action(async (options: Record<string, unknown>) => {
    const { code } = await runGateCommand(
      {
        inputs: inputsFromOptions(gateInputs, options),
        cwd: io.cwd,
        ...(typeof options.summary === 'string' ? { summaryFile: options.summary } : {}),
        json: options.json === true,
        quiet: options.quiet === true,
      },
      io.print,
    );
    exit(code);
  });

  addInputOptions(
    program
      .command('sbom-sign')
      .description(
        'SBOMs (CycloneDX, SPDX) from lock files; with --signing key, signatures and bundles. Same inputs as the action.',
      )
      .option('--summary <file>', 'also write the Markdown summary the action would show')
      .option('--quiet', 'no log lines on stderr'),
    sbomSignInputs,
    ['mode'],
  ).action(async (options: Record<string, unknown>) => {
    const inputs = inputsFromOptions(sbomSignInputs, options);
    exit(
      await runSbomSignCommand({ inputs, cwd: io.cwd, ...summaryOf(options), quiet: options.quiet === true }, io.print),
    );
  });

  addInputOptions(
    program
      .command('verify')
      .description(
        'Verify a Sigstore bundle against an artifact or sha256: digest, its signer and provenance. Exits 2 naming the failed check.',
      )
      .option('--quiet', 'no log lines on stderr'),
    sbomSignInputs,
    [
      'mode',
      'sbom-format',
      'signing',
      'private-key',
      'subject-path',
      'output-directory',
      'fulcio-url',
      'rekor-url',
      'working-directory',
    ],
  ).action(async (options: Record<string, unknown>) => {
    const inputs = { ...inputsFromOptions(sbomSignInputs, options), mode: 'verify' };
    exit(await runSbomSignCommand({ inputs, cwd: io.cwd, quiet: options.quiet === true }, io.print));
  });

  addCacheCommands(program, io, exit);
  addReleaseCommands(program, io, exit);
  addRollbackCommand(program, io, exit);
  addAuditCommands(program, io, exit);

  addInputOptions(
    program
      .command('canary')
      .description(
        'Progressive delivery: move traffic step by step (or blue-green), judge each step, roll back at once on failure. Exits 1 when rolled back.',
      )
      .option('--summary <file>', 'also write the Markdown summary the action would show')
      .option('--quiet', 'no log lines on stderr'),
    canaryInputs,
    // A GitHub Deployment needs the runner's token: the CLI records none.
    ['github-token', 'environment'],
  ).action(async (options: Record<string, unknown>) => {
    const inputs = inputsFromOptions(canaryInputs, options);
    const adapters = io.canaryAdapters ?? (await import('@ccm/delivery/adapters')).realAdapters();
    exit(
      await runCanaryCommand(
        { inputs, cwd: io.cwd, ...summaryOf(options), quiet: options.quiet === true },
        io.print,
        adapters,
      ),
    );
  });

  program
    .command('demo')
    .description(
      "The whole pipeline on this machine: this repository's own tests, coverage and complexity through the quality gate.",
    )
    .action(async () => {
      exit(await runDemo(io.print));
    });
  return program;
}

/** The inputs of the cache action that a subcommand takes; the rest are not its business. */
function cacheOptions(command: Command, keep: readonly string[]): Command {
  const skip = Object.keys(cacheInputs).filter((name) => !keep.includes(name));
  return addInputOptions(command.option('--quiet', 'no log lines on stderr'), cacheInputs, skip);
}

const DEPENDENCY_OPTIONS = [
  'working-directory',
  'ecosystems',
  'path',
  'key',
  'restore-keys',
  'store',
  'strict',
  'download-timeout-minutes',
];
const SUITE_OPTIONS = ['working-directory', 'store', 'strict', 'suite', 'inputs', 'env', 'command', 'results'];

/** `ccm cache ...`: the cache action's modes with the directory store, plus key, explain and run. */
function addCacheCommands(program: Command, io: CliIo, exit: (code: number) => void): void {
  const cache = program
    .command('cache')
    .description('Dependency caches, test-result caching and artifact promotion, with a dir:/path store.');
  const common = (options: Record<string, unknown>, mode: string, extra: Record<string, string> = {}) => ({
    inputs: { ...inputsFromOptions(cacheInputs, options), mode, ...extra },
    cwd: io.cwd,
    quiet: options.quiet === true,
  });

  cache
    .command('key')
    .description('Print the computed key of a folder as JSON: {key, restoreKeys, paths, ecosystems}.')
    .option('--cwd <dir>', 'the folder to detect in', '.')
    .option('--ecosystems <name...>', 'narrow detection to these package managers')
    .action(async (options: { cwd: string; ecosystems?: string[] }) => {
      exit(await runCacheKey(resolve(io.cwd, options.cwd), options.ecosystems ?? [], io.print));
    });

  cacheOptions(
    cache.command('restore').description('Restore the dependency caches (prints cache-hit, matched-key, key).'),
    DEPENDENCY_OPTIONS,
  ).action(async (options: Record<string, unknown>) => {
    exit(await runCacheStep(common(options, 'dependencies'), io.print));
  });

  cacheOptions(
    cache.command('save').description('Save the dependency caches under their key (an existing key is kept).'),
    DEPENDENCY_OPTIONS,
  ).action(async (options: Record<string, unknown>) => {
    exit(await runCacheSave(common(options, 'dependencies')));
  });

  cacheOptions(
    cache
      .command('fingerprint')
      .description(
        'Fingerprint a test suite; with --store, also say whether it can be skipped (--record after it passed).',
      )
      .option('--record', 'store the passing result of the suite'),
    SUITE_OPTIONS,
  ).action(async (options: Record<string, unknown>) => {
    const request = common(options, 'test-results', options.record === true ? { record: 'true' } : {});
    exit(await runCacheFingerprint(request, io.print));
  });

  cacheOptions(
    cache
      .command('run')
      .description('Skip a test command whose inputs match a passing run; else run it and record it when it passes.')
      .argument('<command...>', 'the command and its arguments, after --'),
    SUITE_OPTIONS.filter((name) => name !== 'command'),
  ).action(async (command: string[], options: Record<string, unknown>) => {
    exit(await runCachedSuite(common(options, 'test-results'), command, io.print));
  });

  cache
    .command('explain')
    .description(
      'List the inputs that differ between two fingerprints (manifest files, or fingerprints computed here).',
    )
    .argument('<before>')
    .argument('<after>')
    .action(async (before: string, after: string) => {
      exit(await runCacheExplain(io.cwd, before, after, io.print));
    });

  cacheOptions(
    cache.command('promote').description('Store an artifact once under its sha256 digest (prints digest).'),
    ['working-directory', 'store', 'artifact'],
  ).action(async (options: Record<string, unknown>) => {
    exit(await runCacheStep(common(options, 'promote'), io.print));
  });

  cacheOptions(
    cache.command('fetch').description('Fetch an artifact by digest into --artifact and verify it byte for byte.'),
    ['working-directory', 'store', 'artifact', 'digest'],
  ).action(async (options: Record<string, unknown>) => {
    exit(await runCacheStep(common(options, 'promote'), io.print));
  });
}

function summaryOf(options: Record<string, unknown>): { summaryFile?: string } {
  return typeof options.summary === 'string' ? { summaryFile: options.summary } : {};
}

/**
 * Runs the command line (`argv` as process.argv holds it) and returns the exit code: 0, 1 for a failed
 * gate, 2 for a user's mistake (its message alone) or a bug (its stack).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  try {
    await cliProgram(io, (exitCode) => {
      code = exitCode;
    }).parseAsync([...argv]);
  } catch (error) {
    io.error(
      `ccm: ${isConfigurationError(error) ? error.message : error instanceof Error ? error.stack : String(error)}`,
    );
    return 2;
  }
  return code;
}
