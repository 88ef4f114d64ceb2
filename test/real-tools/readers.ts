import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';

/**
 * Independent readers of a few report files, written from the formats' documentation and kept
 * deliberately naive: they compute the numbers a parser under test must reproduce.
 */

export interface Counts {
  covered: number;
  total: number;
}

export const percent = ({ covered, total }: Counts) => (covered / total) * 100;

/** lcov: what the DA records say (a line counted once per file, covered when any record hits it), and LF/LH. */
export async function readLcov(path: string): Promise<{ da: Counts; summary: Counts; files: string[] }> {
  const files = new Map<string, Map<number, number>>();
  const summary = { covered: 0, total: 0 };
  let current: Map<number, number> | undefined;
  for (const raw of (await readFile(path, 'utf8')).split('\n')) {
    const line = raw.trim();
    if (line.startsWith('SF:')) {
      const name = line.slice(3);
      current = files.get(name) ?? new Map();
      files.set(name, current);
    } else if (line.startsWith('DA:') && current) {
      const [number, hits] = line.slice(3).split(',').map(Number) as [number, number];
      current.set(number, Math.max(current.get(number) ?? 0, hits));
    } else if (line.startsWith('LF:')) summary.total += Number(line.slice(3));
    else if (line.startsWith('LH:')) summary.covered += Number(line.slice(3));
  }
  const da = { covered: 0, total: 0 };
  for (const lines of files.values()) {
    da.total += lines.size;
    for (const hits of lines.values()) if (hits > 0) da.covered += 1;
  }
  return { da, summary, files: [...files.keys()] };
}

/** A Go cover profile: statements of each block (blocks listed twice count once, covered if any count > 0). */
export async function readGoProfile(path: string): Promise<Counts & { files: string[] }> {
  const blocks = new Map<string, { statements: number; count: number }>();
  const files = new Set<string>();
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line === '' || line.startsWith('mode:')) continue;
    const match = /^(.+):(\d+\.\d+,\d+\.\d+) (\d+) (\d+)$/.exec(line);
    if (!match) throw new Error(`unexpected cover profile line '${line}'`);
    const [, file, position, statements, count] = match as unknown as [string, string, string, string, string];
    files.add(file);
    const key = `${file}:${position}`;
    const known = blocks.get(key);
    blocks.set(key, { statements: Number(statements), count: Math.max(Number(count), known?.count ?? 0) });
  }
  let covered = 0;
  let total = 0;
  for (const { statements, count } of blocks.values()) {
    total += statements;
    if (count > 0) covered += statements;
  }
  return { covered, total, files: [...files] };
}

/** The attributes of an XML report's root element (`<coverage lines-valid=".." lines-covered="..">`). */
export async function readXmlRootAttributes(path: string, root: string): Promise<Record<string, string>> {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false });
  const document = parser.parse(await readFile(path, 'utf8')) as Record<string, Record<string, string>>;
  const element = document[root];
  if (!element) throw new Error(`${path}: no <${root}> root`);
  return element;
}
