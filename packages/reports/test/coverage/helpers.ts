import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileError } from '@ccm/toolkit/errors';
import { expect } from 'vitest';
import { CoverageMap } from '../../src/coverage/coverage-map';
import type { ReportFormat } from '../../src/format';
import type { FileCoverageRecord } from '../../src/model';
import { looksLikeJson, readHead, readJson } from '../../src/source';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/coverage/${name}`, import.meta.url));

/** The repository's sibling shared/ folder of real tools' outputs (read in place, never copied). */
export const sharedFixtures = (kind: string) =>
  fileURLToPath(new URL(`../../../../../shared/fixtures/${kind}`, import.meta.url));

/** Every record a parser sends, with its lines and blocks drawn into arrays. */
export async function records(
  format: ReportFormat<'coverage'>,
  file: string,
  root = '/repo',
): Promise<FileCoverageRecord[]> {
  const out: FileCoverageRecord[] = [];
  await parseFile(format, file, root, (record) => out.push(materialise(record)));
  return out;
}

/** Parses one report into a coverage map (paths as the parser emits them unless `normalise` is given). */
export async function mapOf(
  format: ReportFormat<'coverage'>,
  file: string,
  root = '/repo',
  map = new CoverageMap(),
): Promise<CoverageMap> {
  await parseFile(format, file, root, (record) => map.add(record));
  return map;
}

export async function parseFile(
  format: ReportFormat<'coverage'>,
  file: string,
  root: string,
  sink: (record: FileCoverageRecord) => void,
): Promise<void> {
  const head = await readHead(file);
  const json = looksLikeJson(head.text) && format.matchJson ? await readJson(file, head.size) : undefined;
  await format.parse({ file, root, head, json, sink });
}

export function materialise(record: FileCoverageRecord): FileCoverageRecord {
  const copy: FileCoverageRecord = { path: record.path };
  if (record.lines) copy.lines = [...record.lines];
  if (record.blocks) copy.blocks = [...record.blocks];
  if (record.summary) copy.summary = { ...record.summary };
  return copy;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ccm-${prefix}-`));
}

export function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Runs a parse that must fail, and returns the FileError (anything else fails the test). */
export async function failure(run: () => Promise<unknown>): Promise<FileError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(FileError);
    return error as FileError;
  }
  throw new Error('expected a FileError, but the parse succeeded');
}

/** Sanity of anything a parser emitted: what a garbage-free record must look like. */
export function assertSane(record: FileCoverageRecord): void {
  expect(typeof record.path).toBe('string');
  expect(record.path.length).toBeGreaterThan(0);
  for (const [line, hits] of record.lines ?? []) {
    expect(Number.isInteger(line) && line >= 1).toBe(true);
    expect(Number.isFinite(hits) && hits >= 0).toBe(true);
  }
  for (const block of record.blocks ?? []) {
    expect(block.startLine >= 1 && block.endLine >= block.startLine).toBe(true);
    expect(Number.isFinite(block.statements) && block.statements >= 0).toBe(true);
    expect(Number.isFinite(block.hits) && block.hits >= 0).toBe(true);
  }
  if (record.summary) expect(record.summary.covered <= record.summary.total).toBe(true);
}
