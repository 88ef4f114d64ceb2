/**
 * A node_modules-like tree for the cache benchmarks (cache-transfer.ts, dir-store.ts), written once
 * to bench/data/cache-tree-<mb>mb-seed<seed>/ with a seeded PRNG, so every machine gets the same bytes.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from './random';

const DATA = fileURLToPath(new URL('../data/', import.meta.url));
const MB = 1024 * 1024;
/** Bump when the tree generator changes, so an old tree is rewritten. */
const GENERATOR_VERSION = 2;

// The vocabulary of the generated tree (generateTree, at the end).
const WORDS =
  'array buffer cache client color config core debug event fetch format glob hash http json lodash merge mime parse path promise query react schema semver stream string style tar test type util uuid value watch yaml'.split(
    ' ',
  );
const VERBS = ['get', 'set', 'make', 'parse', 'read', 'write', 'resolve', 'create', 'handle', 'to', 'is', 'normalize'];
const LICENSE = `MIT License\n\nCopyright (c) contributors\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.\n`;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface TreeMeta {
  dir: string;
  generator: number;
  seed: number;
  sizeMB: number;
  packages: number;
  files: number;
  bytes: number;
}

/** The tree for this size and seed, written once under bench/data/; reused while its .meta.json matches. */
export function ensureTree(mb: number, treeSeed: number): TreeMeta {
  const dir = join(DATA, `cache-tree-${mb}mb-seed${treeSeed}`);
  const metaFile = `${dir}.meta.json`;
  if (existsSync(metaFile) && existsSync(dir)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as TreeMeta;
    if (meta.generator === GENERATOR_VERSION && meta.seed === treeSeed && meta.sizeMB === mb) return { ...meta, dir };
  }
  rmSync(dir, { recursive: true, force: true });
  console.error(`writing ${dir} (once)`);
  const counts = generateTree(join(dir, 'node_modules'), mb * MB, new Random(treeSeed));
  const meta: TreeMeta = { dir, generator: GENERATOR_VERSION, seed: treeSeed, sizeMB: mb, ...counts };
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

/**
 * A node_modules-like tree of about `targetBytes`: packages (a fifth scoped, a tenth nested under
 * another package's node_modules) holding package.json, README.md, LICENSE, CommonJS sources of
 * skewed sizes, some .d.ts and source maps, and now and then a prebuilt native binary (random bytes,
 * incompressible), so the archive compresses about as a real one does.
 */
function generateTree(root: string, targetBytes: number, random: Random) {
  const madeDirs = new Set<string>();
  let bytes = 0;
  let files = 0;
  let packages = 0;
  const write = (path: string, content: string | Buffer) => {
    const folder = dirname(path);
    if (!madeDirs.has(folder)) {
      mkdirSync(folder, { recursive: true });
      madeDirs.add(folder);
    }
    writeFileSync(path, content);
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    files += 1;
  };
  const word = () => random.pick(WORDS);
  const ident = () => `${random.pick(VERBS)}${capitalize(word())}${random.chance(0.3) ? random.int(1, 99) : ''}`;
  const jsLine = (): string => {
    switch (random.int(0, 7)) {
      case 0:
        return `function ${ident()}(${word()}, ${word()}Options) {`;
      case 1:
        return `  const ${word()}${random.int(0, 9)} = ${word()}.${ident()}(${random.int(0, 4096)});`;
      case 2:
        return `  if (${word()} === undefined || ${word()}.length > ${random.int(1, 64)}) return ${word()};`;
      case 3:
        return `  return ${word()}.map((item) => ${ident()}(item, ${JSON.stringify(word())}));`;
      case 4:
        return '}';
      case 5:
        return `exports.${ident()} = ${ident()};`;
      case 6:
        return `// ${word()} ${word()} ${word()}: ${word()} the ${word()} before ${word()}`;
      default:
        return `  '${word()}-${random.int(0, 999)}': ${random.int(0, 1 << 20)},`;
    }
  };
  const text = (size: number, line: () => string) => {
    const lines: string[] = [];
    let length = 0;
    while (length < size) {
      const next = line();
      lines.push(next);
      length += next.length + 1;
    }
    return `${lines.join('\n')}\n`;
  };
  // Mappings repeat a few short segments, as real ones do ("AAAA,SAAS,CAAC"), with some noise between.
  const segments = Array.from({ length: 48 }, () =>
    Array.from({ length: 4 }, (_, i) => (i === 1 || i === 2 ? 'A' : BASE64[random.int(0, 15)])).join(''),
  );
  const sourceMap = (size: number) => {
    const parts: string[] = [];
    let length = 0;
    while (length < size) {
      const part = random.chance(0.7)
        ? random.pick(segments)
        : `${BASE64[random.int(0, 63)]}${BASE64[random.int(0, 63)]}AB`;
      parts.push(part, random.chance(0.15) ? ';' : ',');
      length += part.length + 1;
    }
    return JSON.stringify({
      version: 3,
      sources: [`../src/${word()}.ts`],
      names: [word(), word()],
      mappings: parts.join(''),
    });
  };
  const binary = (size: number) => {
    const buffer = Buffer.allocUnsafe(size);
    for (let i = 0; i + 4 <= size; i += 4) buffer.writeUInt32LE(Math.floor(random.next() * 2 ** 32), i);
    return buffer;
  };

  const packageDirs: string[] = [];
  while (bytes < targetBytes) {
    const index = packages++;
    const name = random.chance(0.2) ? `@${word()}/${word()}-${index}` : `${word()}-${word()}-${index}`;
    const parent = random.chance(0.1) && packageDirs.length > 0 ? join(random.pick(packageDirs), 'node_modules') : root;
    const dir = join(parent, name);
    packageDirs.push(dir);
    write(
      join(dir, 'package.json'),
      `${JSON.stringify(
        {
          name,
          version: `${random.int(0, 9)}.${random.int(0, 30)}.${random.int(0, 99)}`,
          description: `${capitalize(word())} ${word()} for ${word()}`,
          main: 'lib/index.js',
          types: 'types/index.d.ts',
          license: 'MIT',
          dependencies: Object.fromEntries(
            Array.from({ length: random.int(0, 6) }, () => [`${word()}-${word()}`, `^${random.int(1, 9)}.0.0`]),
          ),
        },
        null,
        2,
      )}\n`,
    );
    write(join(dir, 'LICENSE'), LICENSE);
    write(
      join(dir, 'README.md'),
      text(random.skewed(2500, 1, 200, 60_000), () => `${word()} ${word()} ${word()}.`),
    );
    const sources = random.skewed(6, 1.1, 1, 400);
    for (let i = 0; i < sources; i++) {
      const file = i === 0 ? 'index' : `${word()}-${i}`;
      const folder = i > 20 ? `lib/${word()}` : 'lib';
      write(join(dir, folder, `${file}.js`), text(random.skewed(1800, 1.3, 40, 800_000), jsLine));
      if (random.chance(0.3))
        write(join(dir, 'types', `${file}.d.ts`), text(random.skewed(600, 1, 40, 50_000), jsLine));
      if (random.chance(0.15))
        write(join(dir, folder, `${file}.js.map`), sourceMap(random.skewed(3000, 1.2, 100, 2_000_000)));
    }
    if (random.chance(0.008))
      write(
        join(dir, 'prebuilds', 'linux-x64', `${word()}.node`),
        binary(random.skewed(400_000, 1, 20_000, 30_000_000)),
      );
  }
  return { packages, files, bytes };
}

function capitalize(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

/** Files and bytes under a folder: a restored tree must match what was generated. */
export async function countTree(folder: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  if (!existsSync(folder)) return { files, bytes };
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}
