import { gateInputs } from '@ccm/gate';
import { isConfigurationError } from '@ccm/toolkit/errors';
import { Command } from 'commander';
import { runDemo } from './demo';
import { addInputOptions, inputsFromOptions } from './options';
import { runGateCommand } from './quality-gate';

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
      cwd: process.cwd(),
      ...(typeof options.summary === 'string' ? { summaryFile: options.summary } : {}),
      json: options.json === true,
      quiet: options.quiet === true,
    },
    (text) => process.stdout.write(`${text}\n`),
  );
  process.exitCode = code;
});

program
  .command('demo')
  .description(
    "The whole pipeline on this machine: this repository's own tests, coverage and complexity through the quality gate.",
  )
  .action(async () => {
    process.exitCode = await runDemo((text) => process.stdout.write(`${text}\n`));
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A user's mistake: its message alone, exit 2 (1 is a failed gate). Anything else is a bug: the stack.
  process.stderr.write(
    `ccm: ${isConfigurationError(error) ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 2;
}
