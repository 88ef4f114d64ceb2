import { readFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { glob } from 'tinyglobby';

/** A Go module of the workspace: its module path and its folder, relative to the root ('' for the root). */
export interface GoModule {
  path: string;
  dir: string;
}

const cache = new Map<string, Promise<GoModule[]>>();

/**
 * The modules under a root, from the `module` line of each go.mod at the root and up to two folders
 * down (vendor, testdata and node_modules excluded), longest module path first. Read once per root.
 */
export function goModules(root: string): Promise<GoModule[]> {
  let modules = cache.get(root);
  if (!modules) {
    modules = findModules(root);
    cache.set(root, modules);
  }
  return modules;
}

async function findModules(root: string): Promise<GoModule[]> {
  const files = await glob(['go.mod', '*/go.mod', '*/*/go.mod'], {
    cwd: root,
    absolute: true,
    onlyFiles: true,
    ignore: ['**/node_modules/**', '**/vendor/**', '**/testdata/**', '**/.git/**'],
  });
  const modules: GoModule[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const path = modulePath(text);
    if (path) modules.push({ path, dir: relative(root, dirname(file)).split('\\').join('/') });
  }
  return modules.sort((a, b) => b.path.length - a.path.length);
}

/** The module path of a go.mod: `module example.com/m`, optionally quoted, comments allowed. */
export function modulePath(goMod: string): string | undefined {
  const match = /^\s*module\s+(?:"([^"]+)"|`([^`]+)`|([^\s/]\S*?))\s*(?:\/\/.*)?$/m.exec(goMod);
  return match?.[1] ?? match?.[2] ?? match?.[3];
}

/**
 * A profile's import-path file name as a workspace path: `example.com/m/pkg/a.go` in module
 * `example.com/m` at `svc/` is `svc/pkg/a.go`. Files outside any module's import path stay as written.
 */
export function importPathToFile(importPath: string, modules: readonly GoModule[]): string {
  for (const module of modules) {
    if (importPath.startsWith(`${module.path}/`)) {
      const rest = importPath.slice(module.path.length + 1);
      return module.dir === '' ? rest : `${module.dir}/${rest}`;
    }
  }
  return importPath;
}
