import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolRunner } from '../../src/dependencies/index';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A temp folder, removed by the returned cleanup. */
export async function tempRoot(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'ccm-deps-'));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Copies fixture trees into root: `{ 'services/api': 'go-sum' }` puts fixtures/go-sum at root/services/api. */
export async function placeFixtures(root: string, layout: Record<string, string>): Promise<void> {
  for (const [target, fixture] of Object.entries(layout)) {
    await cp(join(FIXTURES, fixture), join(root, target), { recursive: true });
  }
}

export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

export interface FakeTools extends ToolRunner {
  calls: { command: string; cwd: string }[];
}

/**
 * A ToolRunner that answers from a table keyed by `file args...` (a function gets the cwd);
 * anything else is a missing tool.
 */
export function fakeTools(answers: Record<string, string | ((cwd: string) => string | undefined)> = {}): FakeTools {
  const calls: FakeTools['calls'] = [];
  const run = async (file: string, args: readonly string[], cwd: string) => {
    const command = [file, ...args].join(' ');
    calls.push({ command, cwd });
    const answer = answers[command];
    return typeof answer === 'function' ? answer(cwd) : answer;
  };
  return Object.assign(run, { calls });
}

/** No tool installed: every cache folder comes from the documented defaults. */
export const NO_TOOLS: ToolRunner = async () => undefined;
