import { printable } from '@ccm/toolkit';
import { runCli } from './program';

// Thin entry: the process's arguments, streams and folder in, the exit code out. No line ccm prints
// may read as a workflow command when it runs inside a step (see @ccm/toolkit's workflow-commands).
process.exitCode = await runCli(process.argv, {
  print: (text) => process.stdout.write(`${printable(text)}\n`),
  error: (text) => process.stderr.write(`${printable(text)}\n`),
  cwd: process.cwd(),
});
