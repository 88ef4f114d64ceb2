import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DetectOptions, dependencyCacheKey, osName } from '../../src/dependencies/index';
import { fakeTools, NO_TOOLS, placeFixtures, tempRoot, writeTree } from './helpers';

const LINUX: DetectOptions = { platform: 'linux', arch: 'x64', env: {}, homedir: '/home/u', tools: NO_TOOLS };
const LAYOUT = { '.': 'npm', 'services/api': 'go-sum', 'services/api/tools': 'go' };

describe('dependencyCacheKey', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ root, cleanup } = await tempRoot());
    await placeFixtures(root, LAYOUT);
    await writeTree(root, { 'src/index.js': 'export const a = 1;\n' });
  });
  afterEach(() => cleanup());

  it('names the OS, the arch and the ecosystems; restore keys go from specific to general', async () => {
    const key = await dependencyCacheKey(root, LINUX);
    expect(key.key).toMatch(/^ccm-deps-linux-x64-go\+npm-[0-9a-f]{64}$/);
    expect(key.restoreKeys).toEqual(['ccm-deps-linux-x64-go+npm-', 'ccm-deps-linux-x64-']);
    expect(key.ecosystems).toEqual(['go', 'npm']);
    expect(key.lockFiles).toEqual(
      ['package-lock.json', 'services/api/go.sum', 'services/api/tools/go.mod'].map((file) => join(root, file)),
    );
    expect(key.paths).toEqual(['/home/u/.cache/go-build', '/home/u/.npm', '/home/u/go/pkg/mod']);
  });

  it('the same tree twice gives the same key', async () => {
    expect((await dependencyCacheKey(root, LINUX)).key).toBe((await dependencyCacheKey(root, LINUX)).key);
  });

  it('the same tree at another absolute path gives the same key', async () => {
    const other = await tempRoot();
    try {
      await placeFixtures(other.root, LAYOUT);
      expect(other.root).not.toBe(root);
      expect((await dependencyCacheKey(other.root, LINUX)).key).toBe((await dependencyCacheKey(root, LINUX)).key);
    } finally {
      await other.cleanup();
    }
  });

  it('an unrelated file change keeps the key (sources, manifests, READMEs)', async () => {
    const before = await dependencyCacheKey(root, LINUX);
    await writeTree(root, { 'src/index.js': 'export const a = 2;\n', 'README.md': 'changed', 'notes/x.txt': 'new' });
    expect((await dependencyCacheKey(root, LINUX)).key).toBe(before.key);
  });

  it('a lock file change gives a new key with the same restore keys', async () => {
    const before = await dependencyCacheKey(root, LINUX);
    await writeFile(join(root, 'services/api/go.sum'), 'golang.org/x/text v0.15.0 h1:abc=\n');
    const after = await dependencyCacheKey(root, LINUX);
    expect(after.key).not.toBe(before.key);
    expect(after.restoreKeys).toEqual(before.restoreKeys);
  });

  it('moving a lock file to another folder gives a new key', async () => {
    const before = await dependencyCacheKey(root, LINUX);
    await rename(join(root, 'services/api/tools'), join(root, 'services/api/tool'));
    expect((await dependencyCacheKey(root, LINUX)).key).not.toBe(before.key);
  });

  it('a new project gives a new key; a new ecosystem changes the prefix', async () => {
    const before = await dependencyCacheKey(root, LINUX);
    await placeFixtures(root, { 'crates/x': 'cargo' });
    const after = await dependencyCacheKey(root, LINUX);
    expect(after.key).not.toBe(before.key);
    expect(after.restoreKeys[0]).toBe('ccm-deps-linux-x64-cargo+go+npm-');
  });

  it('another tool version gives a new key', async () => {
    const withNpm = (version: string) => ({ ...LINUX, tools: fakeTools({ 'npm --version': version }) });
    const ten = await dependencyCacheKey(root, withNpm('10.9.2'));
    expect((await dependencyCacheKey(root, withNpm('10.9.2'))).key).toBe(ten.key);
    expect((await dependencyCacheKey(root, withNpm('11.0.0'))).key).not.toBe(ten.key);
    expect((await dependencyCacheKey(root, LINUX)).key).not.toBe(ten.key);
  });

  it('macOS arm64 and Windows keys', async () => {
    const mac = await dependencyCacheKey(root, { ...LINUX, platform: 'darwin', arch: 'arm64', homedir: '/Users/u' });
    expect(mac.restoreKeys).toEqual(['ccm-deps-macos-arm64-go+npm-', 'ccm-deps-macos-arm64-']);
    const windows = await dependencyCacheKey(root, { ...LINUX, platform: 'win32', homedir: 'C:\\Users\\u' });
    expect(windows.key).toMatch(/^ccm-deps-windows-x64-go\+npm-[0-9a-f]{64}$/);
    // The hash covers lock files and tool versions only: the OS is in the prefix.
    expect(windows.key.slice(-64)).toBe(mac.key.slice(-64));
    expect(osName('freebsd')).toBe('freebsd');
  });

  it('only narrows the key to the named ecosystems', async () => {
    const key = await dependencyCacheKey(root, { ...LINUX, only: ['go'] });
    expect(key.ecosystems).toEqual(['go']);
    expect(key.lockFiles.every((file) => file.includes('services'))).toBe(true);
  });

  it('nothing detected is a configuration error naming the root and the ecosystems asked for', async () => {
    const attempt = dependencyCacheKey(root, { ...LINUX, only: ['cargo', 'maven'] });
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(
      `no package manager lock file found under ${root} among the ecosystems cargo, maven`,
    );
    const empty = await tempRoot();
    try {
      await expect(dependencyCacheKey(empty.root, LINUX)).rejects.toThrow(
        `no package manager lock file found under ${empty.root};`,
      );
    } finally {
      await empty.cleanup();
    }
  });
});
