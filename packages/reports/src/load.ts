import { expandGlobs } from '@ccm/toolkit/globs';
import { CoverageMap } from './coverage/coverage-map';
import { detectFormat } from './detect';
import type { ResultByKind } from './format';
import type {
  BenchmarkReport,
  ComplexityReport,
  FileCoverageRecord,
  ReportKind,
  SecurityReport,
  TestReport,
} from './model';
import { normaliseSourcePath } from './paths';

export { expandGlobs };

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
  /** What the parser had to choose while reading it (see ParseInput.warn); absent when nothing. */
  warnings?: string[];
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
    const warnings: string[] = [];
    const sink = (record: FileCoverageRecord) => coverage.add(record);
    await format.parse({ file, root: options.root, head, json, sink, warn: (message) => warnings.push(message) });
    files.push({ file, format: format.id, ...(warnings.length > 0 ? { warnings } : {}) });
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

/** The parsers' lists as one, without a copy when there is one list (one report file). */
function joined<T>(lists: T[][]): T[] {
  return lists.length === 1 ? (lists[0] as T[]) : lists.flat();
}

/**
 * Makes each item's `file` repository-relative, in place: a 1 GB SARIF log holds millions of
 * findings, and a copy of each would double the memory they take.
 */
function relativeFiles<T extends { file?: string }>(items: T[], root: string): T[] {
  for (const item of items) {
    if (item.file !== undefined) item.file = normaliseSourcePath(item.file, root);
  }
  return items;
}

export async function loadTests(patterns: readonly string[], options: LoadOptions): Promise<Loaded<TestReport>> {
  const { results, files } = await loadEach('tests', patterns, options);
  const cases = relativeFiles(joined(results.map((r) => r.cases)), options.root);
  return { report: { cases }, files };
}

export async function loadSecurity(patterns: readonly string[], options: LoadOptions): Promise<Loaded<SecurityReport>> {
  const { results, files } = await loadEach('security', patterns, options);
  const findings = relativeFiles(joined(results.map((r) => r.findings)), options.root);
  return { report: { findings }, files };
}

export async function loadComplexity(
  patterns: readonly string[],
  options: LoadOptions,
): Promise<Loaded<ComplexityReport>> {
  const { results, files } = await loadEach('complexity', patterns, options);
  const functions = relativeFiles(joined(results.map((r) => r.functions)), options.root);
  return { report: { functions }, files };
}

export async function loadBenchmarks(
  patterns: readonly string[],
  options: LoadOptions,
): Promise<Loaded<BenchmarkReport>> {
  const { results, files } = await loadEach('benchmarks', patterns, options);
  return { report: { benchmarks: joined(results.map((r) => r.benchmarks)) }, files };
}
