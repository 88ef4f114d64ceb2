import { runCli } from './program';

// Thin entry: the process's arguments, streams and folder in, the exit code out.
process.exitCode = await runCli(process.argv, {
  print: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
});
