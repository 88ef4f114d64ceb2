/**
 * One measurement in its own process, so the peak RSS is that parser's alone:
 *   node --import tsx bench/parse-child.ts <format> <ours|peer> <file>
 * Prints one JSON line: the parse's wall time, the process's peak RSS, and what the parser counted.
 * Module loading happens before the clock starts; reading the file is part of the parse.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BenchFormat } from './data';
import { WORKSPACE } from './generate/source-tree';

export interface Counts {
  files?: number;
  lines?: number;
  covered?: number;
  results?: number;
}

export type ChildOutcome = { ok: true; ms: number; maxRssKB: number; counts: Counts } | { ok: false; reason: string };

type Measure = (file: string) => Promise<Counts>;

async function ours(format: BenchFormat): Promise<Measure> {
  const { loadCoverage, loadSecurity } = await import('../packages/reports/src/index');
  // The reports name files under the runner's workspace; that is the root the action would pass.
  const options = { root: WORKSPACE, input: format };
  if (format === 'sarif') {
    return async (file) => ({ results: (await loadSecurity([file], options)).report.findings.length });
  }
  return async (file) => {
    const { coverage } = await loadCoverage([file], options);
    const { covered, total } = coverage.totals();
    return { files: coverage.size, lines: total, covered };
  };
}

async function peer(format: BenchFormat): Promise<Measure> {
  if (format === 'lcov') {
    const { default: parse } = await import('lcov-parse');
    return (file) =>
      new Promise((resolve, reject) => {
        parse(file, (error, data) => {
          if (error || !data) return reject(new Error(`lcov-parse: ${String(error)}`));
          let lines = 0;
          let covered = 0;
          for (const record of data) {
            lines += record.lines.details.length;
            for (const detail of record.lines.details) if (detail.hit > 0) covered++;
          }
          resolve({ files: data.length, lines, covered });
        });
      });
  }
  if (format === 'cobertura') {
    const { XMLParser } = await import('fast-xml-parser');
    const arrays = new Set(['source', 'package', 'class', 'line', 'method']);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => arrays.has(name),
    });
    return async (file) => {
      const document = parser.parse(await readFile(file, 'utf8')) as CoberturaDocument;
      let files = 0;
      let lines = 0;
      let covered = 0;
      for (const pkg of document.coverage.packages.package ?? []) {
        for (const cls of pkg.classes?.class ?? []) {
          files++;
          for (const line of cls.lines?.line ?? []) {
            lines++;
            if (Number(line.hits) > 0) covered++;
          }
        }
      }
      return { files, lines, covered };
    };
  }
  // github/codeql-action upload-lib: readSarifFile is JSON.parse(fs.readFileSync(path, 'utf8')),
  // then countResultsInSarif sums runs[].results.length.
  return async (file) => {
    const log = JSON.parse(readFileSync(file, 'utf8')) as { runs: { results: unknown[] }[] };
    let results = 0;
    for (const run of log.runs) results += run.results.length;
    return { results };
  };
}

interface CoberturaDocument {
  coverage: {
    packages: { package?: { classes?: { class?: { lines?: { line?: { hits: string }[] } }[] } }[] };
  };
}

function report(outcome: ChildOutcome): void {
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return `${error.name}${code ? ` ${code}` : ''}: ${error.message}`;
}

// lcov-parse throws from inside its readFile callback: that arrives here, not at the await.
process.on('uncaughtException', (error) => {
  report({ ok: false, reason: reasonOf(error) });
  process.exit(1);
});

const [format, side, relativeFile] = process.argv.slice(2) as [BenchFormat, 'ours' | 'peer' | 'baseline', string];
const file = resolve(relativeFile);
// `baseline` parses nothing: the RSS of Node with the tsx loader, which every child pays.
const measure = side === 'ours' ? await ours(format) : side === 'peer' ? await peer(format) : async () => ({});
try {
  const started = performance.now();
  const counts = await measure(file);
  const ms = performance.now() - started;
  report({ ok: true, ms, maxRssKB: process.resourceUsage().maxRSS, counts });
} catch (error) {
  report({ ok: false, reason: reasonOf(error) });
  process.exitCode = 1;
}
