import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sbomSignStep } from '@ccm/supply-chain';
import { cliRuntime } from './runtime';

export interface SbomSignCommandOptions {
  inputs: Record<string, string>;
  cwd: string;
  summaryFile?: string;
  quiet?: boolean;
}

/**
 * `ccm sbom-sign` and `ccm verify`: the action's step with the CLI's runtime. Outside Actions the
 * default signing is none, and the files land in ./sbom-sign unless --output-directory says otherwise.
 * A failed verification throws (exit 2 through runCli, naming the failed check).
 */
export async function runSbomSignCommand(
  options: SbomSignCommandOptions,
  print: (text: string) => void,
): Promise<number> {
  const runtime = cliRuntime({
    inputs: { 'output-directory': join(options.cwd, 'sbom-sign'), ...options.inputs },
    ...(options.summaryFile ? { summaryFile: options.summaryFile } : {}),
    quiet: options.quiet ?? false,
  });
  await sbomSignStep(runtime, { workspace: options.cwd, tempDir: tmpdir(), env: process.env });
  const { outputs } = runtime;
  if (options.inputs.mode === 'verify') {
    print(
      `verified: ${Object.entries(JSON.parse(outputs.digests ?? '{}') as Record<string, string>)
        .map(([name, digest]) => `${name} ${digest}`)
        .join(', ')}`,
    );
  } else {
    print(`sbom: ${outputs['sbom-path']}`);
    for (const [name, digest] of Object.entries(JSON.parse(outputs.digests ?? '{}') as Record<string, string>))
      print(`subject: ${name} ${digest}`);
    for (const bundle of JSON.parse(outputs['bundle-paths'] ?? '[]') as string[]) print(`bundle: ${bundle}`);
  }
  return 0;
}
