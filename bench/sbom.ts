// SBOM time on a package-lock.json of about 3,000 packages: `ccm sbom-sign --signing none` (the
// committed CLI bundle, as a process) against `cyclonedx-npm --package-lock-only` on the same lock,
// in the same run. Both write a CycloneDX JSON file; the purl sets must agree.
//   node --import tsx bench/sbom.ts [--packages 3000] [--runs 3]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './machine';

const repo = fileURLToPath(new URL('..', import.meta.url));
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const PACKAGES = argument('packages', 3000);
const RUNS = argument('runs', 3);

/** A lockfileVersion 3 lock with PACKAGES reachable packages (seeded, so every run gets the same one). */
function writeLock(dir: string): void {
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const name = (i: number) => (i % 5 === 0 ? `@scope${i % 7}/pkg-${i}` : `pkg-${i}`);
  const direct = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [name(i), '1.0.0']));
  const children: number[][] = Array.from({ length: PACKAGES }, () => []);
  for (let i = 60; i < PACKAGES; i++) children[Math.floor(random() * i)]?.push(i);
  const packages: Record<string, unknown> = { '': { name: 'bench', version: '1.0.0', dependencies: direct } };
  for (let i = 0; i < PACKAGES; i++) {
    const dependencies = Object.fromEntries((children[i] ?? []).map((c) => [name(c), '^1.0.0']));
    const n = name(i);
    packages[`node_modules/${n}`] = {
      version: '1.0.0',
      resolved: `https://registry.npmjs.org/${n}/-/${n.split('/').pop()}-1.0.0.tgz`,
      integrity: `sha512-${createHash('sha512').update(String(i)).digest('base64')}`,
      license: 'MIT',
      ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}),
      ...(i % 11 === 0 ? { dev: true } : {}),
    };
  }
  const lock = { name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bench', version: '1.0.0', dependencies: direct }, null, 2),
  );
}

function timed(program: string, args: string[], cwd: string): number {
  const start = performance.now();
  execFileSync(program, args, { cwd, stdio: 'ignore', env: { ...process.env, npm_config_offline: 'true' } });
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const purls = (file: string) =>
  new Set((JSON.parse(readFileSync(file, 'utf8')).components as { purl: string }[]).map((c) => c.purl));

const dir = mkdtempSync(join(tmpdir(), 'ccm-sbom-bench-'));
writeLock(dir);
mkdirSync(join(dir, 'ours'));
const ours: number[] = [];
const peer: number[] = [];
const ccm = join(repo, 'packages', 'cli', 'dist', 'index.js');
const cyclonedxNpm = join(repo, 'packages', 'supply-chain', 'node_modules', '.bin', 'cyclonedx-npm');
for (let run = 0; run < RUNS; run++) {
  // Interleaved, so a busy moment of the machine hits both sides.
  ours.push(
    timed(
      process.execPath,
      [ccm, 'sbom-sign', '--signing', 'none', '--output-directory', join(dir, 'ours'), '--quiet'],
      dir,
    ),
  );
  const args = [
    '--package-lock-only',
    '--output-format',
    'JSON',
    '--output-file',
    join(dir, 'peer.json'),
    join(dir, 'package.json'),
  ];
  peer.push(timed(cyclonedxNpm, args, dir));
}
const ourPurls = purls(join(dir, 'ours', 'sbom.cdx.json'));
const peerPurls = purls(join(dir, 'peer.json'));
const same = ourPurls.size === peerPurls.size && [...ourPurls].every((p) => peerPurls.has(p));
const result = {
  date: new Date().toISOString(),
  machine: machine(process.execPath),
  packages: PACKAGES,
  components: { ours: ourPurls.size, peer: peerPurls.size, samePurls: same },
  oursMs: Math.round(median(ours)),
  peerMs: Math.round(median(peer)),
  ratio: Number((median(peer) / median(ours)).toFixed(1)),
  command: `node --import tsx bench/sbom.ts --packages ${PACKAGES} --runs ${RUNS}`,
};
rmSync(dir, { recursive: true, force: true });
console.log(`| packages | ccm sbom-sign | cyclonedx-npm --package-lock-only | ratio | same purls |`);
console.log(`| --- | ---: | ---: | ---: | --- |`);
console.log(
  `| ${PACKAGES} | ${result.oursMs} ms | ${result.peerMs} ms | ${result.ratio}x | ${same ? 'yes' : 'NO'} (${ourPurls.size} / ${peerPurls.size}) |`,
);
mkdirSync(join(repo, 'bench', 'results'), { recursive: true });
writeFileSync(join(repo, 'bench', 'results', 'sbom.json'), `${JSON.stringify(result, null, 2)}\n`);
if (!same) process.exitCode = 1;
