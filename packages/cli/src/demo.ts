import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, isConfigurationError } from '@ccm/toolkit/errors';
import { runGateCommand } from './quality-gate';
import { runSbomSignCommand } from './sbom-sign';

/** The repository the demo runs over: the nearest folder up from here holding the ccm workspace. */
function findRepository(...starts: string[]): string {
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, 'packages', 'gate'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new ConfigurationError(
    `ccm demo runs inside a clone of the ccm repository; none found above ${starts.join(' or ')}`,
  );
}

/** Runs a program with an argument array (never a shell string); resolves with its exit code. */
function run(program: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/**
 * The demo: this repository's own unit tests under vitest with V8 coverage (JUnit and lcov), ESLint's
 * complexity rule over its sources (JSON), then the quality gate over those real reports.
 */
/** What each stage of the demo shares: the repository, the output folder, where to print. */
interface Demo {
  repo: string;
  out: string;
  print: (text: string) => void;
  bin: (name: string) => string;
  rel: (path: string) => string;
}

/**
 * The demo: this repository's own unit tests under vitest with V8 coverage (JUnit and lcov), ESLint's
 * complexity rule over its sources (JSON), the quality gate over those real reports; then the SBOM
 * of the `ccm` CLI bundle from this repository's pnpm lock, signed with an ephemeral key and verified.
 */
export async function runDemo(print: (text: string) => void): Promise<number> {
  const repo = findRepository(process.cwd(), dirname(fileURLToPath(import.meta.url)));
  const out = join(repo, '.tmp', 'demo');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const demo: Demo = {
    repo,
    out,
    print,
    bin: (name) => join(repo, 'node_modules', '.bin', name),
    rel: (path) => relative(repo, path),
  };
  await testsWithCoverage(demo);
  await complexity(demo);
  const gate = await qualityGate(demo);
  await sbomAndSignatures(demo);
  await verification(demo);
  // The demo succeeded when the pipeline ran; the gate's verdict is part of its output, pass or fail.
  return gate === 0 || gate === 1 ? 0 : gate;
}

async function testsWithCoverage({ repo, out, print, bin }: Demo): Promise<void> {
  print('1/5 tests with coverage (vitest, V8): packages/*');
  const code = await run(
    bin('vitest'),
    [
      'run',
      'packages',
      '--reporter=dot',
      '--reporter=junit',
      `--outputFile.junit=${join(out, 'junit.xml')}`,
      '--coverage.enabled',
      '--coverage.provider=v8',
      // A failing test must not hide the coverage: the gate reports both.
      '--coverage.reportOnFailure',
      '--coverage.reporter=lcov',
      `--coverage.reportsDirectory=${join(out, 'coverage')}`,
      '--coverage.include=packages/*/src/**',
    ],
    repo,
  );
  print(`    vitest exited ${code}`);
}

async function complexity({ repo, out, print, bin }: Demo): Promise<void> {
  print('2/5 complexity (ESLint complexity rule): packages/*/src, actions/*/src');
  // The config sits at the repository root: ESLint ignores files outside its config's folder.
  const config = join(repo, 'eslint.complexity.config.mjs');
  const args = ['--config', config, '--format', 'json', '--output-file', join(out, 'eslint.json')];
  const code = await run(bin('eslint'), [...args, 'packages/*/src/**/*.ts', 'actions/*/src/**/*.ts'], repo);
  print(`    eslint exited ${code}`);
}

async function qualityGate({ repo, out, print, rel }: Demo): Promise<number> {
  print('3/5 quality gate over those reports\n');
  const { code } = await runGateCommand(
    {
      cwd: repo,
      inputs: {
        coverage: rel(join(out, 'coverage', 'lcov.info')),
        tests: rel(join(out, 'junit.xml')),
        complexity: rel(join(out, 'eslint.json')),
        'report-path': rel(join(out, 'quality-gate-report.json')),
      },
      summaryFile: join(out, 'summary.md'),
      quiet: true,
    },
    print,
  );
  print(`\nsummary (Markdown, as the job summary shows it): ${rel(join(out, 'summary.md'))}\n`);
  return code;
}

/** The artifact is the ccm CLI bundle; its SBOM comes from this repository's lock (only: not the test fixtures' locks). */
async function sbomAndSignatures({ repo, out, print }: Demo): Promise<void> {
  print(
    '4/5 SBOM of the ccm CLI bundle from pnpm-lock.yaml (CycloneDX 1.6, SPDX 2.3), signed with an ephemeral P-256 key',
  );
  const project = join(out, 'release');
  await mkdir(project, { recursive: true });
  for (const file of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'])
    await copyFile(join(repo, file), join(project, file));
  await copyFile(join(repo, 'packages', 'cli', 'dist', 'index.js'), join(project, 'ccm-cli.js'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await writeFile(join(out, 'demo-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(out, 'demo-key.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  await runSbomSignCommand(
    {
      cwd: project,
      inputs: {
        'sbom-format': 'cyclonedx-json,spdx-json',
        signing: 'key',
        'private-key': join(out, 'demo-key.pem'),
        'subject-path': 'ccm-cli.js',
        'output-directory': join(out, 'signed'),
      },
      summaryFile: join(out, 'sbom-summary.md'),
      quiet: true,
    },
    (text) => print(`    ${text}`),
  );
}

async function verification({ out, print }: Demo): Promise<void> {
  print('5/5 verification of those bundles with the public key');
  const project = join(out, 'release');
  const verify = (bundle: string, artifact: string) =>
    runSbomSignCommand(
      {
        cwd: project,
        inputs: { mode: 'verify', bundle, artifact, 'public-key': join(out, 'demo-key.pub') },
        quiet: true,
      },
      (text) => print(`    ${text}`),
    );
  await verify(join(out, 'signed', 'sbom.cdx.json.sigstore.json'), join(out, 'signed', 'sbom.cdx.json'));
  await verify(join(out, 'signed', 'ccm-cli.js.sigstore.json'), 'ccm-cli.js');
  await writeFile(join(project, 'ccm-cli-tampered.js'), '// one byte changed\n');
  try {
    await verify(join(out, 'signed', 'ccm-cli.js.sigstore.json'), 'ccm-cli-tampered.js');
    throw new Error('a tampered artifact verified: the demo found a bug');
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
    print(`    tampered copy rejected: ${error.message}`);
  }
}
