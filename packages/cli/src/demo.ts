import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, isConfigurationError } from '@ccm/toolkit/errors';
import { runCachedSuite, runCacheExplain, runCacheSave, runCacheStep } from './cache';
import { deliveryStages, installedHaproxy } from './demo-delivery';
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
function run(program: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
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
 * of the `ccm` CLI bundle from this repository's pnpm lock, signed with an ephemeral key and verified;
 * the caches and promotion by digest; last, canary-deploy and rollback through HAProxy or the local
 * proxy (demo-delivery.ts).
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
  await dependencyCache(demo);
  await testResultCache(demo);
  await promotion(demo);
  await deliveryStages({ out, print, haproxy: installedHaproxy() });
  // The demo succeeded when the pipeline ran; the gate's verdict is part of its output, pass or fail.
  return gate === 0 || gate === 1 ? 0 : gate;
}

const DEMO_EXCLUDED_SUITES = [
  'packages/cli/test/bench-compare.test.ts',
  'packages/cli/test/demo-delivery.test.ts',
  'packages/delivery/test/contract/**',
  'packages/delivery/test/routers/**',
  'packages/delivery/test/metrics/**',
];

async function testsWithCoverage({ repo, out, print, bin }: Demo): Promise<void> {
  print('1/11 tests with coverage (vitest, V8): packages/*');
  const code = await run(
    bin('vitest'),
    [
      'run',
      'packages',
      // The suites that start real servers or rerun whole pipelines have their own stages or CI;
      // leaving them out keeps this stage to a few minutes on 2 cores (coverage stays above 85%).
      ...DEMO_EXCLUDED_SUITES.flatMap((glob) => ['--exclude', glob]),
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
  print('2/11 complexity (ESLint complexity rule): packages/*/src, actions/*/src');
  // The config sits at the repository root: ESLint ignores files outside its config's folder.
  const config = join(repo, 'eslint.complexity.config.mjs');
  const args = ['--config', config, '--format', 'json', '--output-file', join(out, 'eslint.json')];
  const code = await run(bin('eslint'), [...args, 'packages/*/src/**/*.ts', 'actions/*/src/**/*.ts'], repo);
  print(`    eslint exited ${code}`);
}

async function qualityGate({ repo, out, print, rel }: Demo): Promise<number> {
  print('3/11 quality gate over those reports\n');
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
    '4/11 SBOM of the ccm CLI bundle from pnpm-lock.yaml (CycloneDX 1.6, SPDX 2.3), signed with an ephemeral P-256 key',
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
  print('5/11 verification of those bundles with the public key');
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

/**
 * The cache action's dependencies mode on a small npm project: a miss, `npm ci` from the registry,
 * a save; then the npm cache and node_modules wiped, a hit, and `npm ci --offline` from the restored cache.
 */
async function dependencyCache(demo: Demo): Promise<void> {
  const { out, print } = demo;
  print('6/11 dependency cache: an npm project, a directory store');
  const app = await demoApp(demo);
  const npmCache = join(out, 'npm-cache');
  // Detection asks npm where its cache is; npm reads this variable, and so does every npm below.
  process.env.npm_config_cache = npmCache;
  const store = `dir:${join(out, 'cache-store')}`;
  const inputs = { store, 'working-directory': app };
  const restore = () =>
    runCacheStep({ cwd: demo.repo, inputs: { ...inputs, mode: 'dependencies' }, quiet: true }, (line) =>
      print(`    ${line}`),
    );
  await restore();
  const install = await run('npm', ['ci', '--no-audit', '--no-fund'], app);
  print(`    npm ci (from the registry) exited ${install}`);
  await runCacheSave({ cwd: demo.repo, inputs: { ...inputs, mode: 'dependencies' }, quiet: true });
  print('    saved; now the npm cache and node_modules are wiped');
  await rm(npmCache, { recursive: true, force: true });
  await rm(join(app, 'node_modules'), { recursive: true, force: true });
  await restore();
  const offline = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], app);
  print(`    npm ci --offline (from the restored cache alone) exited ${offline}`);
}

/**
 * Test-result caching with `ccm cache run`: the suite runs and is recorded, is skipped when nothing
 * changed (its JUnit file restored), and runs again after a source edit, with the change explained.
 */
async function testResultCache(demo: Demo): Promise<void> {
  const { out, print } = demo;
  print('7/11 test-result cache: node --test over the same project');
  const app = join(out, 'app');
  const inputs = {
    store: `dir:${join(out, 'cache-store')}`,
    'working-directory': app,
    suite: 'demo-unit',
    inputs: '*.mjs\npackage-lock.json',
    results: 'junit.xml',
  };
  const recorded: string[] = [];
  const suite = () =>
    runCachedSuite(
      { cwd: app, inputs: { ...inputs, 'working-directory': '.' }, quiet: true },
      [process.execPath, '--test', '--test-reporter=junit', '--test-reporter-destination=junit.xml'],
      (line) => {
        const fingerprint = /recorded as (\S+)/.exec(line)?.[1];
        if (fingerprint) recorded.push(fingerprint);
        print(`    ${line}`);
      },
    );
  await suite();
  await rm(join(app, 'junit.xml'));
  await suite();
  print(`    junit.xml restored for the quality gate: ${existsSync(join(app, 'junit.xml'))}`);
  await writeFile(join(app, 'index.mjs'), `${await readFile(join(app, 'index.mjs'), 'utf8')}\n// an edit\n`);
  await suite();
  const [before, after] = recorded;
  if (before && after) {
    print('    ccm cache explain (the two recorded fingerprints):');
    await runCacheExplain(app, before, after, (text) => print(text.replace(/^/gm, '      ')));
  }
}

/** Build once, promote by digest: the CLI bundle stored, fetched into a "deploy" folder and verified; a tampered copy refused. */
async function promotion({ out, print }: Demo): Promise<void> {
  print('8/11 promotion by digest: the ccm CLI bundle');
  const store = `dir:${join(out, 'cache-store')}`;
  let digest = '';
  await runCacheStep(
    { cwd: join(out, 'release'), inputs: { mode: 'promote', store, artifact: 'ccm-cli.js' }, quiet: true },
    (line) => {
      if (line.startsWith('digest: ')) digest = line.slice('digest: '.length);
      print(`    ${line}`);
    },
  );
  const fetch = () =>
    runCacheStep(
      { cwd: out, inputs: { mode: 'promote', store, artifact: join('deploy', 'ccm-cli.js'), digest }, quiet: true },
      () => {},
    );
  await fetch();
  print(`    fetched into ${join('deploy', 'ccm-cli.js')}, sha256 verified`);
  const stored = join(out, 'cache-store', 'artifacts', 'sha256', digest.replace(/^sha256:/, ''));
  await writeFile(stored, '// not what was built\n');
  await rm(join(out, 'deploy'), { recursive: true, force: true });
  try {
    await fetch();
    throw new Error('a tampered artifact was fetched: the demo found a bug');
  } catch (error) {
    if (!isConfigurationError(error) && !(error instanceof Error && error.name === 'DigestMismatchError')) throw error;
    print(`    tampered store refused: ${(error as Error).message}`);
  }
}

/** A copy of the demo project (package.json, its npm lock, a module and its tests) in the demo folder. */
async function demoApp({ repo, out }: Demo): Promise<string> {
  const app = join(out, 'app');
  await cp(join(repo, 'packages', 'cli', 'demo-app'), app, { recursive: true });
  return app;
}
