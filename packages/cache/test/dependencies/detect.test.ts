import { join } from 'node:path';
import { InputError } from '@ccm/toolkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DetectOptions,
  detectEcosystems,
  ECOSYSTEM_NAMES,
  type EcosystemName,
} from '../../src/dependencies/index';
import { FIXTURES, fakeTools, NO_TOOLS, placeFixtures, tempRoot, writeTree } from './helpers';

const LINUX: DetectOptions = { platform: 'linux', env: {}, homedir: '/home/u', tools: NO_TOOLS };

interface Case {
  fixture: string;
  name: EcosystemName;
  /** Relative to the fixture. */
  lockFiles: string[];
  /** `<project>` stands for the fixture folder. */
  cachePaths: string[];
}

/** Every ecosystem on its fixture, Linux, no tool installed: the documented folders. */
const CASES: Case[] = [
  { fixture: 'npm', name: 'npm', lockFiles: ['package-lock.json'], cachePaths: ['/home/u/.npm'] },
  {
    fixture: 'pnpm',
    name: 'pnpm',
    lockFiles: ['pnpm-lock.yaml'],
    cachePaths: ['/home/u/.local/share/pnpm/store'],
  },
  { fixture: 'yarn-classic', name: 'yarn', lockFiles: ['yarn.lock'], cachePaths: ['/home/u/.cache/yarn/v6'] },
  { fixture: 'yarn-berry', name: 'yarn', lockFiles: ['yarn.lock'], cachePaths: ['/home/u/.yarn/berry/cache'] },
  { fixture: 'bun', name: 'bun', lockFiles: ['bun.lock'], cachePaths: ['/home/u/.bun/install/cache'] },
  {
    fixture: 'pip',
    name: 'pip',
    lockFiles: ['requirements-dev.txt', 'requirements.txt'],
    cachePaths: ['/home/u/.cache/pip'],
  },
  {
    fixture: 'pipenv',
    name: 'pipenv',
    lockFiles: ['Pipfile.lock'],
    cachePaths: ['/home/u/.cache/pip', '/home/u/.cache/pipenv'],
  },
  { fixture: 'poetry', name: 'poetry', lockFiles: ['poetry.lock'], cachePaths: ['/home/u/.cache/pypoetry'] },
  { fixture: 'uv', name: 'uv', lockFiles: ['uv.lock'], cachePaths: ['/home/u/.cache/uv'] },
  {
    fixture: 'cargo',
    name: 'cargo',
    lockFiles: ['Cargo.lock'],
    cachePaths: ['/home/u/.cargo/git/db', '/home/u/.cargo/registry/cache', '/home/u/.cargo/registry/index'],
  },
  { fixture: 'go', name: 'go', lockFiles: ['go.mod'], cachePaths: ['/home/u/.cache/go-build', '/home/u/go/pkg/mod'] },
  {
    fixture: 'go-sum',
    name: 'go',
    lockFiles: ['go.sum'],
    cachePaths: ['/home/u/.cache/go-build', '/home/u/go/pkg/mod'],
  },
  {
    fixture: 'gradle',
    name: 'gradle',
    lockFiles: [
      'app/build.gradle.kts',
      'app/gradle.lockfile',
      'gradle/libs.versions.toml',
      'gradle/wrapper/gradle-wrapper.properties',
      'settings.gradle.kts',
    ],
    cachePaths: ['/home/u/.gradle/caches', '/home/u/.gradle/wrapper'],
  },
  { fixture: 'maven', name: 'maven', lockFiles: ['pom.xml'], cachePaths: ['/home/u/.m2/repository'] },
  {
    fixture: 'composer',
    name: 'composer',
    lockFiles: ['composer.lock'],
    cachePaths: ['/home/u/.cache/composer/files'],
  },
  { fixture: 'bundler', name: 'bundler', lockFiles: ['Gemfile.lock'], cachePaths: ['<project>/vendor/bundle'] },
  { fixture: 'nuget', name: 'nuget', lockFiles: ['packages.lock.json'], cachePaths: ['/home/u/.nuget/packages'] },
  { fixture: 'mix', name: 'mix', lockFiles: ['mix.lock'], cachePaths: ['<project>/_build', '<project>/deps'] },
  {
    fixture: 'swiftpm',
    name: 'swiftpm',
    lockFiles: ['Package.resolved'],
    cachePaths: ['/home/u/.cache/org.swift.swiftpm', '<project>/.build'],
  },
];

describe('detectEcosystems: each ecosystem on its fixture', () => {
  for (const { fixture, name, lockFiles, cachePaths } of CASES) {
    it(`${fixture}: ${name}`, async () => {
      const project = join(FIXTURES, fixture);
      const detected = await detectEcosystems(project, LINUX);
      expect(detected).toEqual([
        {
          name,
          lockFiles: lockFiles.map((file) => join(project, file)),
          cachePaths: cachePaths.map((path) => path.replace('<project>', project)).sort(),
          toolVersion: 'absent',
        },
      ]);
    });
  }

  it('finds all seventeen ecosystems in the fixture folder, sorted by name', async () => {
    const detected = await detectEcosystems(FIXTURES, LINUX);
    expect(detected.map((ecosystem) => ecosystem.name)).toEqual([...ECOSYSTEM_NAMES].sort());
    expect(detected.find((ecosystem) => ecosystem.name === 'yarn')?.cachePaths).toEqual([
      '/home/u/.cache/yarn/v6',
      '/home/u/.yarn/berry/cache',
    ]);
  });
});

describe('detectEcosystems: cache folders per OS', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ root, cleanup } = await tempRoot());
    await placeFixtures(root, {
      web: 'npm',
      app: 'pnpm',
      legacy: 'yarn-classic',
      api: 'go-sum',
      ml: 'pip',
      tools: 'uv',
      cli: 'cargo',
      php: 'composer',
    });
  });
  afterEach(() => cleanup());

  const cachesOf = async (options: DetectOptions) =>
    Object.fromEntries((await detectEcosystems(root, options)).map((e) => [e.name, e.cachePaths]));

  it('Linux, no tool: XDG folders under the home', async () => {
    expect(await cachesOf({ ...LINUX, env: { XDG_CACHE_HOME: '/xdg/cache', XDG_DATA_HOME: '/xdg/data' } })).toEqual({
      cargo: ['/home/u/.cargo/git/db', '/home/u/.cargo/registry/cache', '/home/u/.cargo/registry/index'],
      composer: ['/xdg/cache/composer/files'],
      go: ['/home/u/go/pkg/mod', '/xdg/cache/go-build'],
      npm: ['/home/u/.npm'],
      pip: ['/xdg/cache/pip'],
      pnpm: ['/xdg/data/pnpm/store'],
      uv: ['/xdg/cache/uv'],
      yarn: ['/xdg/cache/yarn/v6'],
    });
  });

  it('macOS, no tool: ~/Library/Caches, except uv which follows XDG', async () => {
    expect(await cachesOf({ platform: 'darwin', env: {}, homedir: '/Users/u', tools: NO_TOOLS })).toEqual({
      cargo: ['/Users/u/.cargo/git/db', '/Users/u/.cargo/registry/cache', '/Users/u/.cargo/registry/index'],
      composer: ['/Users/u/Library/Caches/composer/files'],
      go: ['/Users/u/Library/Caches/go-build', '/Users/u/go/pkg/mod'],
      npm: ['/Users/u/.npm'],
      pip: ['/Users/u/Library/Caches/pip'],
      pnpm: ['/Users/u/Library/pnpm/store'],
      uv: ['/Users/u/.cache/uv'],
      yarn: ['/Users/u/Library/Caches/Yarn/v6'],
    });
  });

  it('Windows, no tool: %LOCALAPPDATA% and the profile folder', async () => {
    const local = 'C:\\Users\\u\\AppData\\Local';
    const options: DetectOptions = {
      platform: 'win32',
      env: { LOCALAPPDATA: local },
      homedir: 'C:\\Users\\u',
      tools: NO_TOOLS,
    };
    expect(await cachesOf(options)).toEqual({
      cargo: [
        'C:\\Users\\u\\.cargo\\git\\db',
        'C:\\Users\\u\\.cargo\\registry\\cache',
        'C:\\Users\\u\\.cargo\\registry\\index',
      ],
      composer: [`${local}\\Composer\\files`],
      go: [`${local}\\go-build`, 'C:\\Users\\u\\go\\pkg\\mod'],
      npm: [`${local}\\npm-cache`],
      pip: [`${local}\\pip\\Cache`],
      pnpm: [`${local}\\pnpm\\store`],
      uv: [`${local}\\uv\\cache`],
      yarn: [`${local}\\Yarn\\Cache\\v6`],
    });
  });

  it('Windows without LOCALAPPDATA falls back to <home>\\AppData\\Local', async () => {
    const caches = await cachesOf({ platform: 'win32', env: {}, homedir: 'C:\\Users\\u', tools: NO_TOOLS });
    expect(caches.npm).toEqual(['C:\\Users\\u\\AppData\\Local\\npm-cache']);
  });

  it('env overrides win over the defaults', async () => {
    const env = {
      npm_config_cache: '/ci/npm',
      GOMODCACHE: '/ci/gomod',
      GOCACHE: '/ci/gobuild',
      CARGO_HOME: '/ci/cargo',
      PIP_CACHE_DIR: '/ci/pip',
      UV_CACHE_DIR: '/ci/uv',
      YARN_CACHE_FOLDER: '/ci/yarn',
      npm_config_store_dir: '/ci/pnpm-store',
      COMPOSER_CACHE_DIR: '/ci/composer',
    };
    expect(await cachesOf({ ...LINUX, env })).toEqual({
      cargo: ['/ci/cargo/git/db', '/ci/cargo/registry/cache', '/ci/cargo/registry/index'],
      composer: ['/ci/composer/files'],
      go: ['/ci/gobuild', '/ci/gomod'],
      npm: ['/ci/npm'],
      pip: ['/ci/pip'],
      pnpm: ['/ci/pnpm-store'],
      uv: ['/ci/uv'],
      yarn: ['/ci/yarn/v6'],
    });
  });

  it('GOPATH moves the module cache; GOCACHE=off drops the build cache', async () => {
    const caches = await cachesOf({ ...LINUX, env: { GOPATH: '/gp1:/gp2', GOCACHE: 'off' } });
    expect(caches.go).toEqual(['/gp1/pkg/mod']);
  });

  it('asks the tools where they are cheap, with the project folder as cwd, each shared question once', async () => {
    await placeFixtures(root, { api2: 'go' });
    const tools = fakeTools({
      'npm config get cache': (cwd) => (cwd.endsWith('web') ? '/opt/npm-cache/' : undefined),
      'npm --version': '10.9.2',
      'go env GOMODCACHE GOCACHE': '/opt/gomod\n/opt/gobuild',
      'go env GOVERSION': 'go1.22.1',
      'pip cache dir': 'notice: something\n/opt/pip',
      'pip --version': 'pip 24.0 from /usr/lib/python3/dist-packages/pip (python 3.12)',
      'uv cache dir': 'relative/not/a/path',
      'yarn cache dir': '/usr/local/share/.cache/yarn/v6',
      'yarn --version': '1.22.22',
      'cargo --version': 'cargo 1.80.0 (376290515 2024-07-16)',
      'composer --version': 'Composer version 2.7.1 2024-02-09 15:26:28',
    });
    const detected = await detectEcosystems(root, { ...LINUX, tools });
    const byName = Object.fromEntries(detected.map((e) => [e.name, e]));
    expect(byName.npm).toMatchObject({ cachePaths: ['/opt/npm-cache'], toolVersion: '10.9.2' });
    expect(byName.go).toMatchObject({ cachePaths: ['/opt/gobuild', '/opt/gomod'], toolVersion: '1.22.1' });
    expect(byName.go?.lockFiles).toEqual([join(root, 'api/go.sum'), join(root, 'api2/go.mod')]);
    expect(byName.pip).toMatchObject({ cachePaths: ['/opt/pip'], toolVersion: '24.0' });
    // An answer that is no absolute path is not trusted: the documented folder instead.
    expect(byName.uv).toMatchObject({ cachePaths: ['/home/u/.cache/uv'], toolVersion: 'absent' });
    expect(byName.yarn).toMatchObject({ cachePaths: ['/usr/local/share/.cache/yarn/v6'], toolVersion: '1.22.22' });
    expect(byName.cargo?.toolVersion).toBe('1.80.0');
    expect(byName.composer?.toolVersion).toBe('2.7.1');
    expect(tools.calls.filter((call) => call.command === 'go env GOMODCACHE GOCACHE')).toHaveLength(1);
    expect(tools.calls.find((call) => call.command === 'npm config get cache')?.cwd).toBe(join(root, 'web'));
  });

  it('asks per-project tools in every project: two npm projects, two caches', async () => {
    await placeFixtures(root, { web2: 'npm' });
    const tools = fakeTools({ 'npm config get cache': (cwd) => `/opt/${cwd.endsWith('web2') ? 'b' : 'a'}` });
    const npm = (await detectEcosystems(root, { ...LINUX, tools, only: ['npm'] }))[0];
    expect(npm?.cachePaths).toEqual(['/opt/a', '/opt/b']);
    expect(npm?.lockFiles).toEqual([join(root, 'web/package-lock.json'), join(root, 'web2/package-lock.json')]);
  });

  it('Windows tool answers are taken as Windows paths', async () => {
    const tools = fakeTools({ 'npm config get cache': 'C:\\npm\\cache\\' });
    const options: DetectOptions = { platform: 'win32', env: {}, homedir: 'C:\\Users\\u', tools, only: ['npm'] };
    expect((await detectEcosystems(root, options))[0]?.cachePaths).toEqual(['C:\\npm\\cache']);
  });
});

describe('detectEcosystems: versions', () => {
  it('reads Maven through its colours, Mix after the Erlang banner, Swift from its banner', async () => {
    const { root, cleanup } = await tempRoot();
    try {
      await placeFixtures(root, { java: 'maven', ex: 'mix', ios: 'swiftpm', gr: 'gradle' });
      const tools = fakeTools({
        'mvn --batch-mode --version': '\u001b[1mApache Maven 3.9.6\u001b[m (bc0240f3c744dd6b6ec2920b3cd08dcc295161ae)',
        'mix --version': 'Erlang/OTP 26 [erts-14.2.1] [source] [64-bit]\n\nMix 1.16.0 (compiled with Erlang/OTP 26)',
        'swift --version': 'swift-driver version: 1.90.11.1 Apple Swift version 5.10 (swiftlang-5.10.0.13)',
        'gradle --version': 'no version here',
      });
      const versions = Object.fromEntries(
        (await detectEcosystems(root, { ...LINUX, tools })).map((e) => [e.name, e.toolVersion]),
      );
      expect(versions).toEqual({ gradle: 'no version here', maven: '3.9.6', mix: '1.16.0', swiftpm: '5.10' });
    } finally {
      await cleanup();
    }
  });
});

describe('detectEcosystems: yarn berry settings', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ root, cleanup } = await tempRoot());
    await placeFixtures(root, { '.': 'yarn-berry' });
  });
  afterEach(() => cleanup());

  const yarnCaches = async (options: DetectOptions = LINUX) => (await detectEcosystems(root, options))[0]?.cachePaths;

  it('enableGlobalCache: false keeps the cache in the project', async () => {
    await writeTree(root, { '.yarnrc.yml': 'enableGlobalCache: false\nnodeLinker: node-modules\n' });
    expect(await yarnCaches()).toEqual([join(root, '.yarn/cache')]);
  });

  it('cacheFolder is relative to the yarnrc that sets it', async () => {
    await writeTree(root, { '.yarnrc.yml': "enableGlobalCache: false\ncacheFolder: './ci-cache' # comment\n" });
    expect(await yarnCaches()).toEqual([join(root, 'ci-cache')]);
  });

  it('globalFolder and the env override the file', async () => {
    await writeTree(root, { '.yarnrc.yml': 'enableGlobalCache: false\n' });
    expect(await yarnCaches({ ...LINUX, env: { YARN_ENABLE_GLOBAL_CACHE: 'true', YARN_GLOBAL_FOLDER: '/g' } })).toEqual(
      ['/g/cache'],
    );
  });

  it('Yarn 3 lock files (format 6) default to the project cache', async () => {
    await writeTree(root, { 'yarn.lock': '__metadata:\n  version: 6\n  cacheKey: 8\n' });
    expect(await yarnCaches()).toEqual([join(root, '.yarn/cache')]);
  });

  it('global folder per OS: Windows %LOCALAPPDATA%\\Yarn\\Berry, XDG_DATA_HOME on Linux', async () => {
    const win = {
      platform: 'win32' as const,
      env: { LOCALAPPDATA: 'C:\\L' },
      homedir: 'C:\\Users\\u',
      tools: NO_TOOLS,
    };
    expect(await yarnCaches(win)).toEqual(['C:\\L\\Yarn\\Berry\\cache']);
    expect(await yarnCaches({ ...LINUX, env: { XDG_DATA_HOME: '/data' } })).toEqual(['/data/yarn/berry/cache']);
  });
});

describe('detectEcosystems: the walk', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ root, cleanup } = await tempRoot());
  });
  afterEach(() => cleanup());

  it('a monorepo: an npm workspace, a Go service and a Rust tool at once', async () => {
    await placeFixtures(root, { '.': 'npm', 'services/api': 'go-sum', 'tools/cli': 'cargo' });
    await writeTree(root, { 'packages/a/package.json': '{"name":"a"}' });
    const detected = await detectEcosystems(root, LINUX);
    expect(detected.map((e) => [e.name, e.lockFiles])).toEqual([
      ['cargo', [join(root, 'tools/cli/Cargo.lock')]],
      ['go', [join(root, 'services/api/go.sum')]],
      ['npm', [join(root, 'package-lock.json')]],
    ]);
  });

  it('a pnpm workspace has one lock file at the top', async () => {
    await placeFixtures(root, { '.': 'pnpm' });
    await writeTree(root, {
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'packages/a/package.json': '{"name":"a"}',
      'packages/b/package.json': '{"name":"b"}',
    });
    expect(await detectEcosystems(root, LINUX)).toMatchObject([
      { name: 'pnpm', lockFiles: [join(root, 'pnpm-lock.yaml')] },
    ]);
  });

  it('skips installed copies, build output and cache folders, also when they lie under the root', async () => {
    await placeFixtures(root, { '.': 'npm' });
    const lock = '{"lockfileVersion":3}';
    await writeTree(root, {
      'node_modules/dep/package-lock.json': lock,
      'dist/package-lock.json': lock,
      'build/package-lock.json': lock,
      'vendor/x/composer.lock': '{}',
      'target/Cargo.lock': '',
      '.venv/requirements.txt': '',
      '.git/package-lock.json': lock,
      '.yarn/cache/yarn.lock': '',
      '.npm-cache/_npx/abc/package-lock.json': lock,
      'mixapp/mix.lock': '%{}',
      'mixapp/deps/jason/mix.lock': '%{}',
      'gopath/pkg/mod/example.com/m@v1.0.0/go.mod': 'module example.com/m\n',
    });
    const env = { npm_config_cache: join(root, '.npm-cache'), GOPATH: join(root, 'gopath') };
    const detected = await detectEcosystems(root, { ...LINUX, env });
    expect(detected.map((e) => [e.name, e.lockFiles])).toEqual([
      ['mix', [join(root, 'mixapp/mix.lock')]],
      ['npm', [join(root, 'package-lock.json')]],
    ]);
  });

  it('drops lock files inside a cache folder a tool reports under the root', async () => {
    await placeFixtures(root, { '.': 'npm' });
    await writeTree(root, { 'tool-cache/_npx/abc/package-lock.json': '{}' });
    const tools = fakeTools({ 'npm config get cache': join(root, 'tool-cache') });
    expect((await detectEcosystems(root, { ...LINUX, tools }))[0]?.lockFiles).toEqual([
      join(root, 'package-lock.json'),
    ]);
  });

  it('stops at the depth limit', async () => {
    await writeTree(root, {
      'a/b/c/d/e/f/g/h/package-lock.json': '{}',
      'a/b/c/d/e/f/g/h/i/go.sum': '',
    });
    expect((await detectEcosystems(root, LINUX)).map((e) => e.name)).toEqual(['npm']);
  });

  it('go.mod counts only without a go.sum beside it; go.work.sum counts too', async () => {
    await writeTree(root, { 'go.mod': 'module m\n', 'go.sum': '', 'go.work.sum': '', 'tool/go.mod': 'module t\n' });
    expect((await detectEcosystems(root, LINUX))[0]?.lockFiles).toEqual(
      ['go.sum', 'go.work.sum', 'tool/go.mod'].map((file) => join(root, file)),
    );
  });

  it('a missing root is a FileError naming it', async () => {
    await expect(detectEcosystems(join(root, 'nope'), LINUX)).rejects.toThrow(`${join(root, 'nope')}: cannot list`);
  });
});

describe('detectEcosystems: only', () => {
  it('narrows to the named ecosystems, case and spaces forgiven', async () => {
    const detected = await detectEcosystems(FIXTURES, { ...LINUX, only: [' NPM ', 'go', ''] });
    expect(detected.map((e) => e.name)).toEqual(['go', 'npm']);
  });

  it('an unknown name is an input error listing the known ones', async () => {
    const attempt = detectEcosystems(FIXTURES, { ...LINUX, only: ['npm', 'gradel'] });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(
      `input ecosystems: unknown ecosystem gradel; known: ${ECOSYSTEM_NAMES.join(', ')}`,
    );
  });
});
