import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectRuntimes } from '../../src/test-results/fingerprint-runtimes';

const OS = `${process.platform}-${process.arch}`;
const version = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' }).trim();

let empty: string;
beforeEach(async () => {
  empty = await mkdtemp(join(tmpdir(), 'ccm-runtimes-'));
});
afterEach(async () => {
  await rm(empty, { recursive: true, force: true });
});

describe('detectRuntimes', () => {
  it('asks only for the runtimes the files need', async () => {
    expect(await detectRuntimes([])).toEqual({ os: OS });
    expect(await detectRuntimes(['/w/README.md', '/w/data.csv'])).toEqual({ os: OS });
  });

  it('reads the versions the real tools print', async () => {
    const runtimes = await detectRuntimes(['/w/src/app.TS', '/w/tools/gen.py', '/w/cmd/main.go', '/w/src/b.ts']);
    expect(runtimes).toEqual({
      os: OS,
      node: version('node', ['--version']),
      python: version('python3', ['--version']).replace('Python ', ''),
      go: version('go', ['version']).split(' ')[2],
    });
  });

  it.each([['a.json'], ['a.mjs'], ['a.cjs'], ['a.jsx'], ['a.tsx'], ['a.mts']])('counts %s as node', async (file) => {
    expect(Object.keys(await detectRuntimes([`/w/${file}`])).sort()).toEqual(['node', 'os']);
  });

  it('reads a tool that is not installed as absent', async () => {
    const runtimes = await detectRuntimes(['/w/a.ts', '/w/b.py', '/w/c.go'], { environment: { PATH: empty } });
    expect(runtimes).toEqual({ os: OS, node: 'absent', python: 'absent', go: 'absent' });
  });
});
