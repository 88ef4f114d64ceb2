import { execFile } from 'node:child_process';
import { extname } from 'node:path';

/** A runtime a suite's files need, how to ask for its version, and how to read the answer. */
interface RuntimeProbe {
  extensions: readonly string[];
  /** Commands tried in order until one runs (`python3` first, `python` where only that exists). */
  commands: readonly (readonly [string, ...string[]])[];
  version: (output: string) => string | undefined;
}

const PROBES: Record<string, RuntimeProbe> = {
  node: {
    extensions: ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.json'],
    commands: [['node', '--version']],
    version: (output) => /v\d+\.\d+\.\d+\S*/.exec(output)?.[0],
  },
  python: {
    extensions: ['.py'],
    commands: [
      ['python3', '--version'],
      ['python', '--version'],
    ],
    // Python 2 printed its version to stderr; both streams are read.
    version: (output) => /Python (\d+\.\d+\.\d+\S*)/.exec(output)?.[1],
  },
  go: {
    extensions: ['.go'],
    commands: [['go', 'version']],
    version: (output) => /go version (go\S+)/.exec(output)?.[1],
  },
};

/** What a runtime reads as when its tool is not installed (a fingerprint must still be computed). */
export const ABSENT = 'absent';

/**
 * Versions of the runtimes the matched files need (node for js/ts/json, python for .py, go for .go),
 * plus `os` as `<platform>-<arch>`. Each tool is asked once, all at the same time, with argument arrays.
 * A tool that is not installed (or fails) reads as `absent`; one that answers nothing readable as `unknown`.
 */
export async function detectRuntimes(
  files: readonly string[],
  options: { environment?: NodeJS.ProcessEnv } = {},
): Promise<Record<string, string>> {
  const needed = new Set<string>();
  const extensions = new Set(files.map((file) => extname(file).toLowerCase()));
  for (const [name, probe] of Object.entries(PROBES)) {
    if (probe.extensions.some((extension) => extensions.has(extension))) needed.add(name);
  }
  const runtimes: Record<string, string> = { os: `${process.platform}-${process.arch}` };
  await Promise.all(
    [...needed].map(async (name) => {
      runtimes[name] = await probeVersion(PROBES[name] as RuntimeProbe, options.environment ?? process.env);
    }),
  );
  return runtimes;
}

async function probeVersion(probe: RuntimeProbe, environment: NodeJS.ProcessEnv): Promise<string> {
  for (const [command, ...args] of probe.commands) {
    const answer = await run(command, args, environment);
    if (answer === undefined) continue;
    return probe.version(answer) ?? 'unknown';
  }
  return ABSENT;
}

/** stdout and stderr of the command, or undefined when it is not installed or fails. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 30_000, windowsHide: true }, (error, stdout, stderr) => {
      resolve(error ? undefined : `${stdout}\n${stderr}`);
    });
  });
}
