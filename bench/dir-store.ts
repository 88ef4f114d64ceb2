/**
 * Save and restore through the `dir:` store (DirectoryStore: node-tar archives, zstd when installed,
 * every entry checked before anything is written) against plain `tar -c | zstd -T0` and
 * `zstd -d | tar -x` of the same tree, interleaved in the same run.
 *
 *   node --import tsx bench/dir-store.ts [--mb 100] [--runs 3] [--seed 1]
 *
 * The tree is the node_modules-like one of cache-transfer.ts (bench/generate/cache-tree.ts). Writes
 * the numbers to bench/results/dir-store.json.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DirectoryStore } from '../packages/cache/src/store/directory-store';
import { countTree, ensureTree } from './generate/cache-tree';
import { commandLine, machine, markdownTable, median, pipeline } from './machine';

const RESULTS = fileURLToPath(new URL('./results/dir-store.json', import.meta.url));
const MB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
  },
});
const sizeMB = Number(values.mb);
const runs = Number(values.runs);
const seed = Number(values.seed);
const command = commandLine('bench/dir-store.ts', [
  ...(values.mb !== '100' ? ['--mb', String(sizeMB)] : []),
  ...(values.runs !== '3' ? ['--runs', String(runs)] : []),
  ...(values.seed !== '1' ? ['--seed', String(seed)] : []),
]);
const host = machine(process.execPath);
console.error(`${command}\n${host.cpu} x${host.cores}, load ${host.loadAverage.join(' ')}, Node ${host.node}`);

const tree = ensureTree(sizeMB, seed);
const scratch = await mkdtemp(join(tmpdir(), 'ccm-bench-dir-store-'));
// The store restores to the path it saved from: work on a copy, so the generated tree is never at risk.
const folder = join(scratch, 'work', 'node_modules');
const times = {
  save: { ours: [] as number[], peer: [] as number[] },
  restore: { ours: [] as number[], peer: [] as number[] },
};
const checks: string[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    cpSync(join(tree.dir, 'node_modules'), folder, { recursive: true });
    const store = new DirectoryStore(join(scratch, `store-${run}`));
    const archive = join(scratch, `peer-${run}.tar.zst`);
    times.save.ours.push(await timed(async () => void (await store.save({ paths: [folder], key: 'bench' }))));
    times.save.peer.push(
      await timed(() =>
        pipeline(
          ['tar', ['-cf', '-', '-C', join(scratch, 'work'), 'node_modules']],
          ['zstd', ['-T0', '-q', '-f', '-o', archive]],
        ),
      ),
    );
    for (const side of ['ours', 'peer'] as const) {
      await rm(folder, { recursive: true, force: true });
      const restore =
        side === 'ours'
          ? async () => void (await store.restore({ paths: [folder], key: 'bench', restoreKeys: [] }))
          : () => pipeline(['zstd', ['-d', '-q', '-c', archive]], ['tar', ['-xf', '-', '-C', join(scratch, 'work')]]);
      times.restore[side].push(await timed(restore));
      const found = await countTree(folder);
      const ok = found.files === tree.files && found.bytes === tree.bytes;
      checks.push(`run ${run} ${side}: ${found.files} files ${ok ? 'match' : 'DO NOT MATCH'}`);
      if (!ok) process.exitCode = 1;
    }
    await rm(folder, { recursive: true, force: true });
    await rm(join(scratch, `store-${run}`), { recursive: true, force: true });
    await rm(archive, { force: true });
    console.error(
      `run ${run}/${runs}: save ${times.save.ours.at(-1)} / ${times.save.peer.at(-1)} ms, restore ${times.restore.ours.at(-1)} / ${times.restore.peer.at(-1)} ms`,
    );
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const rows = (['save', 'restore'] as const).map((operation) => {
  const ours = median(times[operation].ours);
  const peer = median(times[operation].peer);
  const mbps = (ms: number) => Number((tree.bytes / MB / (ms / 1000)).toPrecision(3));
  return {
    operation,
    oursMs: ours,
    peerMs: peer,
    oursMBps: mbps(ours),
    peerMBps: mbps(peer),
    ratio: Number((peer / ours).toPrecision(3)),
  };
});
console.log(
  markdownTable(
    ['step', 'dir: store MiB/s', 'tar \\| zstd MiB/s', 'ratio (ours/peer speed)'],
    rows.map((r) => [r.operation, String(r.oursMBps), String(r.peerMBps), `${r.ratio}x`]),
  ),
);
writeFileSync(
  RESULTS,
  `${JSON.stringify({ date: new Date().toISOString(), machine: host, command, tree, runs, times, rows, checks }, null, 2)}\n`,
);

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Math.round(Number(process.hrtime.bigint() - start) / 1e6);
}
