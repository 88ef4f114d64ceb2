import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dependencyCacheKey, NOT_ASKED } from '../../src/dependencies/index';
import { fakeTools, placeFixtures, tempRoot } from './helpers';

/**
 * Key computation asks package managers, and a package manager runs what the repository configures.
 * Maven (installed here, as CI runners have it) starts its JVM with `.mvn/jvm.config` from the
 * checkout: a pull request's `-Xlog:...:file=<path>` makes the JVM write that file, a stand-in for
 * anything worse (`-javaagent:`). With askTools: false, nothing runs at all.
 */
let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
});
afterEach(() => cleanup());

async function hostileMavenProject(): Promise<string> {
  await placeFixtures(root, { app: 'maven' });
  const marker = join(root, 'ran-repository-config');
  await mkdir(join(root, 'app', '.mvn'));
  await writeFile(join(root, 'app', '.mvn', 'jvm.config'), `-Xlog:gc:file=${marker}\n`);
  return marker;
}

describe('ask-tools', () => {
  it('true (the default) runs mvn, which obeys the repository .mvn/jvm.config', async () => {
    const marker = await hostileMavenProject();
    const key = await dependencyCacheKey(join(root, 'app'), { only: ['maven'] });
    expect(key.ecosystems).toEqual(['maven']);
    // If mvn were not installed this test would prove nothing: say so instead of passing.
    expect(existsSync(marker), 'mvn must be installed for this test (apt-get install maven)').toBe(true);
  }, 60_000);

  it('false runs no tool at all: the key comes from the lock files, the folders from the documented defaults', async () => {
    const marker = await hostileMavenProject();
    const key = await dependencyCacheKey(join(root, 'app'), { only: ['maven'], askTools: false });
    expect(existsSync(marker)).toBe(false);
    expect(key.paths).toEqual([join(process.env.HOME ?? '', '.m2', 'repository')]);

    // Every ecosystem, through the tool port: not one call.
    await placeFixtures(root, { npm: 'npm', yarn: 'yarn-berry', go: 'go-sum', pip: 'pip', gradle: 'gradle' });
    const tools = fakeTools();
    const all = await dependencyCacheKey(root, { tools, askTools: false });
    expect(all.ecosystems.length).toBeGreaterThanOrEqual(5);
    expect(tools.calls).toEqual([]);
  });

  it('keys differently from a run that asked (and from a machine without the tools)', async () => {
    await placeFixtures(root, { npm: 'npm' });
    const asked = await dependencyCacheKey(root, { tools: fakeTools({ 'npm --version': '11.0.0' }) });
    const absent = await dependencyCacheKey(root, { tools: fakeTools() });
    const notAsked = await dependencyCacheKey(root, { askTools: false });
    expect(new Set([asked.key, absent.key, notAsked.key]).size).toBe(3);
    expect(NOT_ASKED).toBe('not asked');
  });
});
