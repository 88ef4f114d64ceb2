import { resolve } from 'node:path';
import { cacheInputs } from '@ccm/cache/inputs';
import type { CanaryAdapters } from '@ccm/delivery';
import { canaryInputs } from '@ccm/delivery/inputs';
import { gateInputs } from '@ccm/gate';
import { sbomSignInputs, VerificationFailure } from '@ccm/supply-chain';
import { isConfigurationError } from '@ccm/toolkit/errors';
import { Command, CommanderError } from 'commander';
import { addAuditCommands } from './audit';
import { addBenchCommand } from './bench';
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
  // Set before the subcommands are made: each copies these settings from its parent.
  const program = new Command('ccm')
    .description('ccm: the logic of the ccm GitHub Actions, anywhere (laptop, GitLab, Jenkins).')
    .addHelpText('after', `\n${EXIT_CODES}`)
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (text) => io.print(text.trimEnd()), writeErr: (text) => io.error(text.trimEnd()) });

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
    ['mode', ...VERIFY_ONLY],
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
        'Verify a Sigstore bundle against an artifact or sha256: digest, its signer and provenance. Exits 1 naming the failed check.',
      )
      .option('--quiet', 'no log lines on stderr'),
    sbomSignInputs,
    [
      'mode',
      'sbom-format',
      'signing',
      'private-key',
      'subject-path',
      'fail-on-empty',
      'output-directory',
      'fulcio-url',
      'rekor-url',
      'working-directory',
    ],
  ).action(async (options: Record<string, unknown>) => {
    const inputs = { ...inputsFromOptions(sbomSignInputs, options), mode: 'verify' };
    try {
      exit(await runSbomSignCommand({ inputs, cwd: io.cwd, quiet: options.quiet === true }, io.print));
    } catch (error) {
      // Did not verify: a verdict (1), not a usage mistake (2).
      if (!(error instanceof VerificationFailure)) throw error;
      io.error(`ccm: ${error.message}`);
      exit(1);
    }
  });

  addCacheCommands(program, io, exit);
  addReleaseCommands(program, io, exit);
  addRollbackCommand(program, io, exit);
  addAuditCommands(program, io, exit);
  addBenchCommand(program, io, exit);

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
      "The whole pipeline on this machine: this repository's own tests, coverage and complexity through the quality gate; SBOM and signatures; caches; promotion by digest; a canary rolled back, one promoted, and a rollback from the release ledger.",
    )
    .action(async () => {
      exit(await runDemo(io.print));
    });
  oneLineErrors(program);
  return program;
}

/** A usage error is one line: commander's message and its suggestion, then where that command's help is. */
function oneLineErrors(command: Command, path: string[] = []): void {
  const name = [...path, command.name()];
  command.configureOutput({
    outputError: (text, write) =>
      write(`${name.join(' ')}: ${text.trim().split('\n').join(' ')} (see ${name.join(' ')} --help)\n`),
  });
  for (const sub of command.commands) oneLineErrors(sub, name);
}

/** The sbom-sign inputs only `ccm verify` reads: `ccm sbom-sign --help` does not list them. */
const VERIFY_ONLY = [
  'public-key',
  'bundle',
  'artifact',
  'certificate-identity',
  'certificate-oidc-issuer',
  'provenance-repository',
  'provenance-workflow',
  'provenance-ref',
  'trusted-root',
];

/** The inputs of the cache action that a subcommand takes; the rest are not its business. */
function cacheOptions(command: Command, keep: readonly string[]): Command {
  const skip = Object.keys(cacheInputs).filter((name) => !keep.includes(name));
  return addInputOptions(command.option('--quiet', 'no log lines on stderr'), cacheInputs, skip);
}

const DEPENDENCY_OPTIONS = [
  'working-directory',
  'ecosystems',
  'ask-tools',
  'store-key',
  'max-restore-size-mb',
  'path',
  'key',
  'restore-keys',
  'store',
  'strict',
  'download-timeout-minutes',
];
const SUITE_OPTIONS = [
  'working-directory',
  'store',
  'store-key',
  'max-restore-size-mb',
  'strict',
  'suite',
  'inputs',
  'env',
  'command',
  'results',
];

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
    .option('--ask-tools [bool]', 'false: key from the lock files alone, running no package manager', 'true')
    .action(async (options: { cwd: string; ecosystems?: string[]; askTools: string | boolean }) => {
      const askTools = String(options.askTools) !== 'false';
      exit(await runCacheKey(resolve(io.cwd, options.cwd), options.ecosystems ?? [], io.print, askTools));
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

/** The exit codes, once: `ccm --help` shows this, and the README says the same. */
export const EXIT_CODES = `Exit codes:
  0  done: the gate passed, the bundle verified, the command did its work
  1  a verdict against you: the gate failed (quality-gate), the bundle did not verify (verify),
     the canary was rolled back (canary), health did not return (rollback),
     findings at --fail-on or worse (audit), something still unpinned (pin --check),
     a benchmark regressed (bench compare);
     ccm cache run exits with the command's own code when it ran and failed
  2  a usage or configuration error: an unknown option or command, a missing or bad value, an
     unreadable config or report input, a gate that measured nothing (the message says which)`;

/** Commander's outcomes that are not mistakes: help or the version asked for. */
const NOT_AN_ERROR = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * Runs the command line (`argv` as process.argv holds it) and returns the exit code (see EXIT_CODES):
 * a user's mistake prints its message alone, a bug its stack.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  try {
    await cliProgram(io, (exitCode) => {
      code = exitCode;
    }).parseAsync([...argv]);
  } catch (error) {
    // Commander has printed its one line (configureOutput) before throwing.
    if (error instanceof CommanderError) {
      return NOT_AN_ERROR.has(error.code) || error.exitCode === 0 ? 0 : 2;
    }
    io.error(
      `ccm: ${isConfigurationError(error) ? error.message : error instanceof Error ? error.stack : String(error)}`,
    );
    return 2;
  }
  return code;
}
