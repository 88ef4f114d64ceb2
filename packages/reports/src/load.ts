import { ConfigurationError } from '@ccm/toolkit/errors';
import { glob } from 'tinyglobby';
import { CoverageMap } from './coverage/coverage-map';
import { detectFormat } from './detect';
import type { ResultByKind } from './format';
import type { BenchmarkReport, ComplexityReport, ReportKind, SecurityReport, TestReport } from './model';
import { normaliseSourcePath } from './paths';

export interface LoadOptions {
  /** The workspace root: globs resolve against it and report paths become relative to it. */
  root: string;
  /** The input's name, for errors (`coverage`, `benchmark-baseline`). */
  input?: string;
}

/** A report file that was read, and the format it was read as. */
export interface LoadedFile {
  file: string;
  format: string;
}

/**
 * Expands newline-separated globs against the root. Every positive pattern must match a file:
 * a pattern that matches nothing is a mistake the user must hear about, never an empty pass.
 */
export async function expandGlobs(patterns: readonly string[], options: LoadOptions): Promise<string[]> {
  const positive = patterns.filter((p) => !p.startsWith('!'));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const found = new Set<string>();
  for (const pattern of positive) {
    const files = await glob(pattern, {
      cwd: options.root,
      absolute: true,
      onlyFiles: true,
      dot: true,
      ignore: negative,
      expandDirectories: false,
    });
    if (files.length === 0) {
      throw new ConfigurationError(
        `input ${options.input ?? 'report'}: '${pattern}' matched no file under ${options.root}`,
      );
    }
    for (const file of files) found.add(file);
  }
  return [...found].sort();
}

export interface LoadedCoverage {
  coverage: CoverageMap;
  files: LoadedFile[];
}

export async function loadCoverage(patterns: readonly string[], options: LoadOptions): Promise<LoadedCoverage> {
  const coverage = new CoverageMap((path) => normaliseSourcePath(path, options.root));
  const files: LoadedFile[] = [];
  for (const file of await expandGlobs(patterns, options)) {
    const { format, head, json } = await detectFormat(file, 'coverage');
    await format.parse({ file, root: options.root, head, json, sink: (record) => coverage.add(record) });
    files.push({ file, format: format.id });
  }
  return { coverage, files };
}

export interface Loaded<T> {
  report: T;
  files: LoadedFile[];
}

async function loadEach<K extends Exclude<ReportKind, 'coverage'>>(
  kind: K,
  patterns: readonly string[],
  options: LoadOptions,
): Promise<{ results: ResultByKind[K][]; files: LoadedFile[] }> {
  const results: ResultByKind[K][] = [];
  const files: LoadedFile[] = [];
  const ignore = () => {
    throw new Error(`a ${kind} parser wrote to the coverage sink`);
  };
  for (const file of await expandGlobs(patterns, options)) {
    const { format, head, json } = await detectFormat(file, kind);
    results.push(await format.parse({ file, root: options.root, head, json, sink: ignore }));
    files.push({ file, format: format.id });
  }
  return { results, files };
}

const relativeTo = (root: string) => (path: string | undefined) =>
  path === undefined ? undefined : normaliseSourcePath(path, root);

export async function loadTests(patterns: readonly string[], options: LoadOptions): Promise<Loaded<TestReport>> {
  const { results, files } = await loadEach('tests', patterns, options);
  const rel = relativeTo(options.root);
  const cases = results.flatMap((r) => r.cases.map((c) => ({ ...c, file: rel(c.file) })));
  return { report: { cases }, files };
}

export async function loadSecurity(patterns: readonly string[], options: LoadOptions): Promise<Loaded<SecurityReport>> {
  const { results, files } = await loadEach('security', patterns, options);
  const rel = relativeTo(options.root);
  const findings = results.flatMap((r) => r.findings.map((f) => ({ ...f, file: rel(f.file) })));
  return { report: { findings }, files };
}

export async function loadComplexity(
  patterns: readonly string[],
  options: LoadOptions,
): Promise<Loaded<ComplexityReport>> {
  const { results, files } = await loadEach('complexity', patterns, options);
  const functions = results.flatMap((r) =>
    r.functions.map((f) => ({ ...f, file: normaliseSourcePath(f.file, options.root) })),
  );
  return { report: { functions }, files };
}

export async function loadBenchmarks(
  patterns: readonly string[],
  options: LoadOptions,
): Promise<Loaded<BenchmarkReport>> {
  const { results, files } = await loadEach('benchmarks', patterns, options);
  return { report: { benchmarks: results.flatMap((r) => r.benchmarks) }, files };
}
