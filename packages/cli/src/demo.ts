import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { runGateCommand } from './quality-gate';

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
export async function runDemo(print: (text: string) => void): Promise<number> {
  const repo = findRepository(process.cwd(), dirname(fileURLToPath(import.meta.url)));
  const out = join(repo, '.tmp', 'demo');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const bin = (name: string) => join(repo, 'node_modules', '.bin', name);

  print('1/3 tests with coverage (vitest, V8): packages/*');
  const testsCode = await run(
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
  print(`    vitest exited ${testsCode}`);

  print('2/3 complexity (ESLint complexity rule): packages/*/src');
  // The config sits at the repository root: ESLint ignores files outside its config's folder.
  const config = join(repo, 'eslint.complexity.config.mjs');
  const eslintCode = await run(
    bin('eslint'),
    [
      '--config',
      config,
      '--format',
      'json',
      '--output-file',
      join(out, 'eslint.json'),
      'packages/*/src/**/*.ts',
      'actions/*/src/**/*.ts',
    ],
    repo,
  );
  print(`    eslint exited ${eslintCode}`);

  print('3/3 quality gate over those reports\n');
  const rel = (path: string) => relative(repo, path);
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
  print(`\nsummary (Markdown, as the job summary shows it): ${rel(join(out, 'summary.md'))}`);
  // The demo succeeded when the pipeline ran; the verdict is its output, pass or fail.
  return code === 0 || code === 1 ? 0 : code;
}
