import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependencyCacheKey, detectEcosystems, runTool } from '../../src/dependencies/index';
import { tempRoot, writeTree } from './helpers';

/** The real npm and go on this machine: lock files written now, caches asked from the tools themselves. */

const run = promisify(execFile);

async function say(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await run(file, args, { cwd, env })).stdout.trim();
}

let root: string;
let cleanup: () => Promise<void>;
/** npm downloads into a throwaway cache, never the user's. */
let npmEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ root, cleanup } = await tempRoot());
  npmEnv = { ...process.env, npm_config_cache: join(root, '.download-cache'), npm_config_audit: 'false' };
});
afterAll(() => cleanup());

describe('runTool', () => {
  it('answers `npm config get cache` as npm says it', async () => {
    const expected = await say('npm', ['config', 'get', 'cache'], root);
    expect(expected).toMatch(/^\//);
    expect(await runTool('npm', ['config', 'get', 'cache'], root)).toBe(expected);
  });

  it('undefined for a missing tool, a failing tool and a hung tool; never throws', async () => {
    expect(await runTool('ccm-no-such-tool', ['--version'], root)).toBeUndefined();
    expect(await runTool(process.execPath, ['-e', 'process.exit(3)'], root)).toBeUndefined();
    expect(await runTool('npm', ['--version'], join(root, 'no-such-folder'))).toBeUndefined();
    expect(await runTool(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], root)).toBeUndefined();
  });
});

describe('lock files written by the real tools', () => {
  it('npm: detected with the cache npm reports; a dependency change rewrites the lock and the key', async () => {
    const project = join(root, 'web');
    const manifest = (version: string) =>
      JSON.stringify({ name: 'ccm-real-npm', version: '1.0.0', private: true, dependencies: { 'is-number': version } });
    await writeTree(project, { 'package.json': manifest('7.0.0') });
    const install = ['install', '--package-lock-only', '--ignore-scripts', '--no-fund'];
    await say('npm', install, project, npmEnv);
    const lock = () => readFile(join(project, 'package-lock.json'), 'utf8');
    expect(await lock()).toMatch(/"node_modules\/is-number": \{\s+"version": "7\.0\.0"/);

    const [npm] = await detectEcosystems(project);
    expect(npm).toEqual({
      name: 'npm',
      lockFiles: [join(project, 'package-lock.json')],
      cachePaths: [await say('npm', ['config', 'get', 'cache'], project)],
      toolVersion: await say('npm', ['--version'], project),
    });

    const before = await dependencyCacheKey(project);
    expect((await dependencyCacheKey(project)).key).toBe(before.key);
    await writeFile(join(project, 'package.json'), manifest('6.0.0'));
    await say('npm', install, project, npmEnv);
    expect(await lock()).toMatch(/"node_modules\/is-number": \{\s+"version": "6\.0\.0"/);
    expect((await dependencyCacheKey(project)).key).not.toBe(before.key);
  });

  it('go: `go mod tidy` on a module without dependencies; GOMODCACHE and GOCACHE from `go env`', async () => {
    const project = join(root, 'svc');
    await writeTree(project, { 'main.go': 'package main\n\nfunc main() {}\n' });
    await say('go', ['mod', 'init', 'example.com/ccmreal'], project);
    await say('go', ['mod', 'tidy'], project);

    const [go] = await detectEcosystems(project);
    const folders = (await say('go', ['env', 'GOMODCACHE', 'GOCACHE'], project)).split('\n');
    expect(go).toEqual({
      name: 'go',
      lockFiles: [join(project, 'go.mod')],
      cachePaths: folders.sort(),
      toolVersion: (await say('go', ['env', 'GOVERSION'], project)).replace(/^go/, ''),
    });
  });
});
