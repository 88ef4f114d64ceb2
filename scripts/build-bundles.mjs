// Rebuilds every committed bundle with ncc: each action's dist/ and the ccm CLI's.
// With --check, builds into a temporary folder and fails on any difference from what is committed,
// the way CI guards that dist/ matches its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

const targets = [
  ...readdirSync(join(root, 'actions'))
    .filter((name) => existsSync(join(root, 'actions', name, 'src', 'main.ts')))
    .map((name) => ({
      name: `actions/${name}`,
      entry: join(root, 'actions', name, 'src', 'main.ts'),
      out: join(root, 'actions', name, 'dist'),
    })),
  {
    name: 'packages/cli',
    entry: join(root, 'packages', 'cli', 'src', 'main.ts'),
    out: join(root, 'packages', 'cli', 'dist'),
  },
].filter((t) => only.length === 0 || only.includes(t.name));

const ncc = join(root, 'node_modules', '.bin', 'ncc');
let differences = 0;
for (const target of targets) {
  const out = check ? mkdtempSync(join(tmpdir(), 'ccm-dist-')) : target.out;
  if (!check) rmSync(out, { recursive: true, force: true });
  const result = spawnSync(
    ncc,
    [
      'build',
      target.entry,
      '-o',
      out,
      '--target',
      'es2022',
      '--transpile-only',
      '--license',
      'licenses.txt',
      '--quiet',
      // ncc's build cache (shared in the temp folder) lets a cached module skip the license
      // collector, so licenses.txt came out different between two builds of the same sources.
      '--no-cache',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) {
    console.error(`ncc failed for ${target.name}`);
    process.exit(1);
  }
  if (check) {
    const diff = compareTrees(out, target.out);
    if (diff.length > 0) {
      differences += diff.length;
      console.error(
        `${target.name}/dist differs from its sources (run \`pnpm build\` and commit):\n  ${diff.join('\n  ')}`,
      );
    }
    rmSync(out, { recursive: true, force: true });
  } else {
    console.log(`built ${relative(root, target.out)}`);
  }
}
if (differences > 0) process.exit(1);
if (check) console.log(`dist check: ${targets.length} bundles match their sources`);

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

function compareTrees(built, committed) {
  const a = listFiles(built);
  const b = listFiles(committed);
  const problems = [];
  for (const file of new Set([...a, ...b])) {
    if (!a.includes(file)) problems.push(`${file}: committed but no longer built`);
    else if (!b.includes(file)) problems.push(`${file}: built but not committed`);
    else if (!readFileSync(join(built, file)).equals(readFileSync(join(committed, file))))
      problems.push(`${file}: content differs`);
  }
  return problems;
}
