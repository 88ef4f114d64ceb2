import { gateInputs } from '@ccm/gate';
import { sbomSignInputs } from '@ccm/supply-chain';
import { isConfigurationError } from '@ccm/toolkit/errors';
import { Command } from 'commander';
import { runDemo } from './demo';
import { addInputOptions, inputsFromOptions } from './options';
import { runGateCommand } from './quality-gate';
import { runSbomSignCommand } from './sbom-sign';

/** Where the command line reads and writes: the process's streams and folder, or a test's. */
export interface CliIo {
  /** Writes a line of output (stdout). */
  print: (text: string) => void;
  /** Writes an error line (stderr). */
  error: (text: string) => void;
  cwd: string;
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
