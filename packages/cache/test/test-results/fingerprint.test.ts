import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FingerprintOptions, fingerprintSuite, type SuiteDefinition } from '../../src/test-results/fingerprint';

let work: string;
let root: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'ccm-fingerprint-'));
  root = join(work, 'checkout');
  await mkdir(root);
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const RUNTIMES = { node: 'v24.1.0', os: 'linux-x64' };
const hex = (text: string) => createHash('sha256').update(text).digest('hex');

async function write(base: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(base, path)), { recursive: true });
    await writeFile(join(base, path), content);
  }
}

const TREE = {
  'src/app.ts': 'export const app = 1;\n',
  'src/lib/util.ts': 'export const util = 2;\n',
  'src/app.test.ts': 'test();\n',
  'docs/readme.md': '# docs\n',
  'package.json': '{"name":"app"}\n',
};

function suite(overrides: Partial<SuiteDefinition> = {}): SuiteDefinition {
  return {
    suite: 'unit',
    root,
    inputs: ['src/**/*.ts', 'package.json'],
    env: ['CI', 'TOKEN'],
    command: 'npm test',
    ...overrides,
  };
}

const ENVIRONMENT = { CI: 'true', TOKEN: 'hunter2-secret' };
const options = (overrides: FingerprintOptions = {}): FingerprintOptions => ({
  environment: ENVIRONMENT,
  runtimes: RUNTIMES,
  ...overrides,
});

describe('fingerprintSuite', () => {
  it('hashes relative paths, env values and the rest into a manifest', async () => {
    await write(root, TREE);
    const manifest = await fingerprintSuite(suite(), options());
    expect(manifest).toMatchObject({
      schema: 'ccm-fingerprint/v1',
      suite: 'unit',
      files: {
        'package.json': hex(TREE['package.json']),
        'src/app.test.ts': hex(TREE['src/app.test.ts']),
        'src/app.ts': hex(TREE['src/app.ts']),
        'src/lib/util.ts': hex(TREE['src/lib/util.ts']),
      },
      env: { CI: hex('CI=true'), TOKEN: hex('TOKEN=hunter2-secret') },
      command: 'npm test',
      runtimes: RUNTIMES,
    });
    expect(manifest.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(manifest.files)).toEqual(Object.keys(manifest.files).sort());
    // A variable's value is never in the manifest, which is stored and shown.
    expect(JSON.stringify(manifest)).not.toContain('hunter2');
  });

  it('includes lock files, relative to the root even outside it', async () => {
    await write(work, { 'pnpm-lock.yaml': 'lockfileVersion: 9\n' });
    await write(root, TREE);
    const manifest = await fingerprintSuite(suite({ lockFiles: [join(work, 'pnpm-lock.yaml')] }), options());
    expect(manifest.files['../pnpm-lock.yaml']).toBe(hex('lockfileVersion: 9\n'));
  });

  it('excludes files with !patterns and records no command as null', async () => {
    await write(root, TREE);
    const manifest = await fingerprintSuite(
      suite({ inputs: ['src/**', '!**/*.test.ts'], command: undefined }),
      options(),
    );
    expect(Object.keys(manifest.files)).toEqual(['src/app.ts', 'src/lib/util.ts']);
    expect(manifest.command).toBeNull();
  });

  it('detects runtimes from the matched files when none are given', async () => {
    await write(root, TREE);
    const manifest = await fingerprintSuite(suite(), { environment: ENVIRONMENT });
    expect(Object.keys(manifest.runtimes).sort()).toEqual(['node', 'os']);
    expect(manifest.runtimes.os).toBe(`${process.platform}-${process.arch}`);
  });

  it('names input inputs when a glob matches nothing, or when there is no glob to match', async () => {
    await write(root, TREE);
    await expect(fingerprintSuite(suite({ inputs: ['src/**', 'lib/**/*.ts'] }), options())).rejects.toThrow(
      new ConfigurationError(`input inputs: 'lib/**/*.ts' matched no file under ${root}`),
    );
    await expect(fingerprintSuite(suite({ inputs: ['!src/**'] }), options())).rejects.toThrow(
      'input inputs: list at least one glob of the files the suite depends on',
    );
    await expect(fingerprintSuite(suite({ inputs: [] }), options())).rejects.toBeInstanceOf(ConfigurationError);
  });

  describe('changes with', () => {
    let base: string;
    beforeEach(async () => {
      await write(root, TREE);
      await write(work, { 'pnpm-lock.yaml': 'lockfileVersion: 9\n' });
      base = (await fingerprintSuite(suite({ lockFiles: [join(work, 'pnpm-lock.yaml')] }), options())).fingerprint;
    });
    const again = async (definition: Partial<SuiteDefinition> = {}, overrides: FingerprintOptions = {}) =>
      (await fingerprintSuite(suite({ lockFiles: [join(work, 'pnpm-lock.yaml')], ...definition }), options(overrides)))
        .fingerprint;

    it('a matched file content', async () => {
      await writeFile(join(root, 'src/app.ts'), 'export const app = 2;\n');
      expect(await again()).not.toBe(base);
    });
    it('a matched file added, removed or renamed', async () => {
      await writeFile(join(root, 'src/new.ts'), '');
      const added = await again();
      await rm(join(root, 'src/new.ts'));
      expect(await again()).toBe(base);
      await rename(join(root, 'src/lib/util.ts'), join(root, 'src/lib/utils.ts'));
      const renamed = await again();
      await rm(join(root, 'src/app.test.ts'));
      const removed = await again();
      expect(new Set([base, added, renamed, removed]).size).toBe(4);
    });
    it('a lock file', async () => {
      await writeFile(join(work, 'pnpm-lock.yaml'), 'lockfileVersion: 9.1\n');
      expect(await again()).not.toBe(base);
    });
    it('a named variable: changed, unset, empty', async () => {
      const prints = [
        base,
        await again({}, { environment: { ...ENVIRONMENT, TOKEN: 'other' } }),
        await again({}, { environment: { CI: 'true' } }),
        await again({}, { environment: { ...ENVIRONMENT, TOKEN: '' } }),
      ];
      expect(new Set(prints).size).toBe(4);
    });
    it('the list of variables, but not a variable it does not name', async () => {
      expect(await again({ env: ['CI'] })).not.toBe(base);
      expect(await again({}, { environment: { ...ENVIRONMENT, OTHER: 'x' } })).toBe(base);
    });
    it('the command, including none', async () => {
      expect(await again({ command: 'npm test -- --ci' })).not.toBe(base);
      expect(await again({ command: undefined })).not.toBe(base);
      expect(await again({ command: '' })).not.toBe(await again({ command: undefined }));
    });
    it('a runtime version', async () => {
      expect(await again({}, { runtimes: { ...RUNTIMES, node: 'v24.2.0' } })).not.toBe(base);
      expect(await again({}, { runtimes: { ...RUNTIMES, python: '3.12.1' } })).not.toBe(base);
    });
    it('the suite name', async () => {
      expect(await again({ suite: 'integration' })).not.toBe(base);
    });
  });

  describe('stays the same across', () => {
    it('mtimes, the checkout path, the order of globs and variables, and a glob given twice', async () => {
      await write(root, TREE);
      const base = await fingerprintSuite(suite(), options());
      await utimes(join(root, 'src/app.ts'), new Date(2001, 1, 1), new Date(2001, 1, 1));
      const moved = join(work, 'elsewhere', 'deeper');
      await cp(root, moved, { recursive: true });
      const others = [
        await fingerprintSuite(suite(), options()),
        await fingerprintSuite(suite({ root: moved }), options()),
        await fingerprintSuite(
          suite({ inputs: ['package.json', 'src/**/*.ts', 'src/*.ts'], env: ['TOKEN', 'CI', 'CI'] }),
          options(),
        ),
      ];
      for (const other of others) expect(other).toEqual(base);
    });
  });
});

describe('fingerprintSuite properties', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,7}$/);
  const tree = fc.dictionary(
    fc.tuple(fc.constantFrom('src', 'src/a', 'test'), name).map(([dir, file]) => `${dir}/${file}.ts`),
    fc.uint8Array({ maxLength: 64 }),
    { minKeys: 1, maxKeys: 12 },
  );
  let run = 0;
  const writeTree = async (files: Record<string, Uint8Array>) => {
    const base = join(work, `t${run++}`);
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(dirname(join(base, path)), { recursive: true });
      await writeFile(join(base, path), bytes);
    }
    return base;
  };
  const print = async (base: string, inputs: string[]) =>
    (await fingerprintSuite({ suite: 's', root: base, inputs, env: [] }, options())).fingerprint;
  // Only the globs with a match: a glob matching nothing is an error by design.
  const usable = (files: Record<string, Uint8Array>) =>
    ['src/**', 'test/**'].filter((glob) => Object.keys(files).some((path) => path.startsWith(glob.slice(0, -2))));

  it('is the same for the same tree in any place and glob order', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.boolean(), async (files, reversed) => {
        const first = await writeTree(files);
        const second = await writeTree(files);
        const inputs = usable(files);
        expect(await print(second, reversed ? [...inputs].reverse() : inputs)).toBe(await print(first, inputs));
      }),
      { numRuns: 25 },
    );
  });

  it('changes when any one byte of any file changes, or a file is added', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (files, pick, at, flip) => {
        const base = await writeTree(files);
        const inputs = usable(files);
        const before = await print(base, inputs);
        const paths = Object.keys(files).sort();
        const path = paths[pick % paths.length] as string;
        const bytes = Buffer.from(files[path] as Uint8Array);
        if (bytes.length === 0) {
          await writeFile(join(base, `${path}.extra.ts`), '');
        } else {
          const index = at % bytes.length;
          bytes[index] = (bytes[index] as number) ^ flip;
          await writeFile(join(base, path), bytes);
        }
        expect(await print(base, inputs)).not.toBe(before);
      }),
      { numRuns: 25 },
    );
  });
});
