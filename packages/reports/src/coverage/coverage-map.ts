import type { CoverageBlock, FileCoverageRecord } from '../model';
import { keep } from '../source';
import { LineHits } from './line-hits';
import { LineSet } from './line-set';

/** Merged coverage of one source file across every report that names it. */
export interface FileCoverage {
  path: string;
  /** Executable lines, and those covered by at least one report. */
  lines: LineSet;
  coveredLines: LineSet;
  /** Go statement blocks by key: a block is covered when any report covers it. */
  blocks: ReadonlyMap<string, CoverageBlock>;
  /** Totals from summary-only formats, used when nothing more precise names the file. */
  summary?: { covered: number; total: number };
}

export interface CoverageTotals {
  covered: number;
  total: number;
  /** Percent with full precision; undefined when nothing was measurable (total 0). */
  percent: number | undefined;
}

/**
 * The blocks of every file no Go profile names, shared: an empty Map per file costs about 200 bytes,
 * and a report names hundreds of thousands of files. A file gets its own map with its first block.
 */
const NO_BLOCKS: ReadonlyMap<string, CoverageBlock> = new Map();

/**
 * Merges coverage by source path: the same file in two reports counts once, and a line (or Go block)
 * is covered when any report covers it.
 */
export class CoverageMap {
  private readonly files = new Map<string, FileCoverage>();

  constructor(private readonly normalise: (path: string) => string = (path) => path) {}

  add(record: FileCoverageRecord): void {
    const file = this.fileFor(this.normalise(record.path));
    if (record.lines) addLines(file, record.lines);
    if (record.blocks) addBlocks(file, record.blocks);
    if (record.summary) addSummary(file, record.summary);
  }

  private fileFor(path: string): FileCoverage {
    let file = this.files.get(path);
    if (!file) {
      // The map outlives the parse: its key must not pin the read chunk a parser cut it from.
      const kept = keep(path);
      file = { path: kept, lines: new LineSet(), coveredLines: new LineSet(), blocks: NO_BLOCKS };
      this.files.set(kept, file);
    }
    return file;
  }

  get size(): number {
    return this.files.size;
  }

  [Symbol.iterator](): IterableIterator<FileCoverage> {
    return this.files.values();
  }

  get(path: string): FileCoverage | undefined {
    return this.files.get(path);
  }

  /** All files together, each counted in its most precise unit (see fileTotals). */
  totals(filter: (path: string) => boolean = () => true): CoverageTotals {
    let covered = 0;
    let total = 0;
    for (const file of this.files.values()) {
      if (!filter(file.path)) continue;
      const counts = fileTotals(file);
      covered += counts.covered;
      total += counts.total;
    }
    return { covered, total, percent: total === 0 ? undefined : (covered / total) * 100 };
  }
}

/**
 * One file's covered and total units: Go statements where the report counts statements
 * (so the percent equals `go test -cover`), else lines, else the summary's totals.
 */
export function fileTotals(file: FileCoverage): { covered: number; total: number } {
  if (file.blocks.size > 0) {
    let covered = 0;
    let total = 0;
    for (const block of file.blocks.values()) {
      total += block.statements;
      if (block.hits > 0) covered += block.statements;
    }
    return { covered, total };
  }
  if (file.lines.size > 0) return { covered: file.coveredLines.size, total: file.lines.size };
  return file.summary ?? { covered: 0, total: 0 };
}

function addLines(file: FileCoverage, lines: Iterable<readonly [line: number, hits: number]>): void {
  if (lines instanceof LineHits) {
    lines.addTo(file.lines, file.coveredLines);
    return;
  }
  for (const [line, hits] of lines) {
    file.lines.add(line);
    if (hits > 0) file.coveredLines.add(line);
  }
}

function addBlocks(file: FileCoverage, blocks: Iterable<CoverageBlock>): void {
  const own =
    file.blocks === NO_BLOCKS ? new Map<string, CoverageBlock>() : (file.blocks as Map<string, CoverageBlock>);
  file.blocks = own;
  for (const block of blocks) {
    const known = own.get(block.key);
    if (!known) own.set(block.key, { ...block });
    else known.hits = Math.max(known.hits, block.hits);
    for (let line = block.startLine; line <= block.endLine; line++) {
      file.lines.add(line);
      if (block.hits > 0) file.coveredLines.add(line);
    }
  }
}

/** Two summaries of one file cannot be merged line by line; the better-covered one is the lower bound. */
function addSummary(file: FileCoverage, summary: { covered: number; total: number }): void {
  const known = file.summary;
  if (!known || ratio(summary) > ratio(known)) file.summary = { ...summary };
}

function ratio({ covered, total }: { covered: number; total: number }): number {
  return total === 0 ? 0 : covered / total;
}
