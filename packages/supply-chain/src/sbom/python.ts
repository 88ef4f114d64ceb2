import type { EdgeKind } from './graph';
import { hashFromPrefixedHex } from './hashes';
import { asRecord, asString } from './locks/context';
import type { Hash } from './model';
import { parseToml } from './parse';
import { normalizePypiName } from './purl';

/**
 * What the Python lock readers share.
 *
 * Hashes: a Python release is many files (an sdist and wheels), and a component carries one digest
 * per algorithm, of one artifact. So a component gets the sdist's digest when the lock names exactly
 * one sdist, or the only digest when the lock has just one; otherwise none (which wheel gets installed
 * depends on the machine). The lock's digests still verify installs: pip checks them, not the SBOM.
 */

const SDIST = /\.(tar\.gz|tar\.bz2|tar\.xz|zip|tgz)$/i;

export function artifactHashes(files: { file?: string; hash: unknown }[]): Hash[] {
  const named = files.filter((f) => f.file && SDIST.test(f.file));
  const chosen = named.length === 1 ? named[0] : files.length === 1 ? files[0] : undefined;
  const hash = chosen ? hashFromPrefixedHex(chosen.hash) : undefined;
  return hash ? [hash] : [];
}

/** The distribution name at the start of a PEP 508 requirement (`requests[socks]>=2; marker`). */
export function requirementName(requirement: string): string | undefined {
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
}

/**
 * The direct dependencies a pyproject.toml declares, by normalised name, with their kind: PEP 621
 * `[project]`, PEP 735 `[dependency-groups]`, poetry's `[tool.poetry.*]` and uv's dev groups.
 */
export function pyprojectDirect(file: string, text: string): Map<string, EdgeKind> {
  const toml = parseToml(file, text);
  const direct = new DirectDependencies();
  const tool = asRecord(toml.tool) ?? {};
  projectDependencies(direct, asRecord(toml.project) ?? {});
  for (const group of Object.values(asRecord(toml['dependency-groups']) ?? {}))
    for (const r of asArray(group)) if (typeof r === 'string') direct.put(requirementName(r), 'dev');
  poetryDependencies(direct, asRecord(tool.poetry) ?? {});
  for (const r of asArray(asRecord(tool.uv)?.['dev-dependencies'])) direct.put(requirementName(String(r)), 'dev');
  return direct.byName;
}

/** Names declared, each with the strongest kind it is declared with. */
class DirectDependencies {
  readonly byName = new Map<string, EdgeKind>();

  put(name: string | undefined, kind: EdgeKind): void {
    if (!name || name.toLowerCase() === 'python') return;
    const key = normalizePypiName(name);
    const previous = this.byName.get(key);
    // Required beats optional beats dev when a name is declared twice.
    if (!previous || previous === 'dev' || (previous === 'optional' && kind === 'required')) this.byName.set(key, kind);
  }
}

/** PEP 621: `dependencies` and the extras of `optional-dependencies`. */
function projectDependencies(direct: DirectDependencies, project: Record<string, unknown>): void {
  for (const r of asArray(project.dependencies)) direct.put(requirementName(String(r)), 'required');
  for (const group of Object.values(asRecord(project['optional-dependencies']) ?? {}))
    for (const r of asArray(group)) direct.put(requirementName(String(r)), 'optional');
}

/** `[tool.poetry.dependencies]` (optional when marked so), then the dev ones (poetryDevDependencies). */
function poetryDependencies(direct: DirectDependencies, poetry: Record<string, unknown>): void {
  for (const [name, spec] of Object.entries(asRecord(poetry.dependencies) ?? {}))
    direct.put(name, asRecord(spec)?.optional === true ? 'optional' : 'required');
  poetryDevDependencies(direct, poetry);
}

/** The legacy `[tool.poetry.dev-dependencies]` and every `[tool.poetry.group.<name>.dependencies]`. */
function poetryDevDependencies(direct: DirectDependencies, poetry: Record<string, unknown>): void {
  for (const name of Object.keys(asRecord(poetry['dev-dependencies']) ?? {})) direct.put(name, 'dev');
  for (const group of Object.values(asRecord(poetry.group) ?? {}))
    for (const name of Object.keys(asRecord(asRecord(group)?.dependencies) ?? {})) direct.put(name, 'dev');
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function fileHashes(value: unknown): { file?: string; hash: unknown }[] {
  return asArray(value).map((f) => {
    const record = asRecord(f) ?? {};
    const url = asString(record.url);
    return { file: asString(record.file) ?? url?.slice(url.lastIndexOf('/') + 1), hash: record.hash };
  });
}
