/**
 * Where our parser spends its time: runs one measurement child under `--cpu-prof` and prints the
 * functions with the most self time (and total time, callees included).
 *
 *   node --import tsx bench/profile.ts --format lcov --size 100 [--top 15] [--side ours]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchFormat, ensureDataset, parseSelection } from './data';
import { defaultNode, markdownTable, REPO_ROOT } from './machine';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values } = parseArgs({
  options: {
    format: { type: 'string', default: 'lcov' },
    size: { type: 'string', default: '100' },
    side: { type: 'string', default: 'ours' },
    top: { type: 'string', default: '15' },
    node: { type: 'string' },
  },
});
const { formats, sizes } = parseSelection(values.size, values.format);
const dataset = ensureDataset(formats[0] as BenchFormat, sizes[0] as number);
const dir = mkdtempSync(join(tmpdir(), 'ccm-prof-'));
try {
  const child = spawnSync(
    values.node ?? defaultNode(),
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      '--max-old-space-size=8192',
      '--import',
      'tsx',
      fileURLToPath(new URL('./parse-child.ts', import.meta.url)),
      dataset.format,
      values.side as string,
      dataset.file,
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  console.log(`child: ${child.stdout.trim() || child.stderr.trim()}`);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  printTop(profile, Number(values.top));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function printTop(profile: Profile, top: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const path = url.startsWith('file:') ? relative(REPO_ROOT, fileURLToPath(url)) : url;
    const where = path ? `${path}:${lineNumber + 1}` : '';
    return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  let all = 0;
  for (const [id, time] of self) {
    all += time;
    const node = byId.get(id) as ProfileNode;
    selfBy.set(label(node), (selfBy.get(label(node)) ?? 0) + time);
    // Total time: each function on the sample's stack once (recursion counted once).
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at) as ProfileNode);
      if (seen.has(name)) continue;
      seen.add(name);
      totalBy.set(name, (totalBy.get(name) ?? 0) + time);
    }
  }
  const pct = (t: number) => `${((t / all) * 100).toFixed(1)}%`;
  const rows = [...selfBy]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, time]) => [name, pct(time), pct(totalBy.get(name) ?? time)]);
  console.log(`\n${(all / 1000).toFixed(0)} ms sampled\n`);
  console.log(markdownTable(['function', 'self', 'total'], rows));
}
