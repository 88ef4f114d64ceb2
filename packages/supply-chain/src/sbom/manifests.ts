import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import { asRecord, asString } from './locks/context';
import type { Ecosystem } from './model';
import { parseJson, parseToml } from './parse';
import { tryPurlFor } from './purl';

/**
 * Project manifests beside lock files: the project's own name, version and license (the lock rarely
 * has them) and, where a lock does not record it, which dependencies are direct and which are dev.
 */

export interface ManifestProject {
  name: string;
  version?: string;
  licenses: string[];
  ecosystem: Ecosystem;
  purl?: string;
  /** The manifest's file name. */
  manifest: string;
}

/** Manifests per ecosystem, in the order a directory's own project is looked for. */
const MANIFESTS: [string, Ecosystem][] = [
  ['package.json', 'npm'],
  ['pyproject.toml', 'pypi'],
  ['Cargo.toml', 'cargo'],
  ['composer.json', 'composer'],
  ['go.mod', 'golang'],
];

export async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new FileError({ file }, `cannot read: ${code ?? String(error)}`);
  }
}

/** The project a directory holds, from the first manifest found (or only the one of `ecosystem`). */
export async function projectIn(
  dir: string,
  shownDir: string,
  ecosystem?: Ecosystem,
): Promise<ManifestProject | undefined> {
  for (const [name, eco] of MANIFESTS) {
    if (ecosystem && eco !== ecosystem) continue;
    const text = await readOptional(join(dir, name));
    if (text === undefined) continue;
    const project = parseProject(join(shownDir, name), name, eco, text);
    if (project) return project;
  }
  return undefined;
}

function parseProject(file: string, manifest: string, ecosystem: Ecosystem, text: string): ManifestProject | undefined {
  const { name, version, licenses } = PROJECT_READERS[manifest]?.(file, text) ?? { licenses: [] };
  if (!name) return undefined;
  return { name, version, licenses, ecosystem, purl: tryPurlFor(ecosystem, name, version), manifest };
}

/** What a manifest says of its own project. */
interface DeclaredProject {
  name?: string;
  version?: string;
  licenses: string[];
}

/** Readers by manifest file name (MANIFESTS). */
const PROJECT_READERS: Record<string, (file: string, text: string) => DeclaredProject> = {
  'package.json': jsonProject,
  'composer.json': jsonProject,
  'pyproject.toml': pyprojectProject,
  'Cargo.toml': cargoProject,
  'go.mod': (_file, text) => ({ name: /^\s*module\s+"?([^\s"]+)"?/m.exec(text)?.[1], licenses: [] }),
};

/** package.json and composer.json: top-level `name`, `version`, `license`. */
function jsonProject(file: string, text: string): DeclaredProject {
  const json = asRecord(parseJson(file, text)) ?? {};
  return { name: asString(json.name), version: asString(json.version), licenses: licenseList(json.license) };
}

function pyprojectProject(file: string, text: string): DeclaredProject {
  const toml = parseToml(file, text);
  const project = asRecord(toml.project) ?? asRecord(asRecord(toml.tool)?.poetry) ?? {};
  const license = project.license;
  return {
    name: asString(project.name),
    version: asString(project.version),
    // PEP 621 `license = {text = "MIT"}` or PEP 639 `license = "MIT"`; poetry: a string.
    licenses: licenseList(typeof license === 'string' ? license : asString(asRecord(license)?.text)),
  };
}

function cargoProject(file: string, text: string): DeclaredProject {
  const toml = parseToml(file, text);
  const pkg = asRecord(toml.package) ?? {};
  const shared = asRecord(asRecord(toml.workspace)?.package) ?? {};
  return {
    name: asString(pkg.name),
    // `version.workspace = true` takes the value from [workspace.package].
    version: asString(pkg.version) ?? asString(shared.version),
    licenses: licenseList(asString(pkg.license) ?? asString(shared.license)),
  };
}

/** A license field as a list: a string, an array of strings, or npm's legacy `{type}` objects. */
export function licenseList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.flatMap((v) => licenseList(v));
  const type = asString(asRecord(value)?.type);
  return type ? [type] : [];
}

/** package.json's dependency maps, for locks that do not record them (npm v1, yarn classic). */
export interface PackageJsonDependencies {
  name?: string;
  version?: string;
  dependencies: string[];
  devDependencies: string[];
  optionalDependencies: string[];
  peerDependencies: string[];
  workspaces: string[];
  /** The range of each dependency of any kind. */
  ranges: Record<string, string>;
}

export function packageJsonDependencies(file: string, text: string): PackageJsonDependencies {
  const json = asRecord(parseJson(file, text)) ?? {};
  const names = (key: string) => Object.keys(asRecord(json[key]) ?? {});
  const workspaces = Array.isArray(json.workspaces)
    ? json.workspaces
    : (asRecord(json.workspaces)?.packages as unknown[] | undefined);
  const ranges: Record<string, string> = {};
  for (const key of ['peerDependencies', 'devDependencies', 'optionalDependencies', 'dependencies']) {
    for (const [name, range] of Object.entries(asRecord(json[key]) ?? {}))
      if (typeof range === 'string') ranges[name] = range;
  }
  return {
    ranges,
    name: asString(json.name),
    version: asString(json.version),
    dependencies: names('dependencies'),
    devDependencies: names('devDependencies'),
    optionalDependencies: names('optionalDependencies'),
    peerDependencies: names('peerDependencies'),
    workspaces: (workspaces ?? []).filter((w): w is string => typeof w === 'string'),
  };
}
