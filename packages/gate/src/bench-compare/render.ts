import { code, table, untrustedText } from '@ccm/toolkit';
import type { BenchmarkJudgement, PairedComparison } from './judge';

const HEADERS = ['Benchmark', 'Base', 'Head', 'Ratio', 'Interval (95%)', 'Verdict'];

/** The rows both renderings share; names are left raw for the caller to escape (or not, in a terminal). */
function cells(b: BenchmarkJudgement): string[] {
  return [
    b.name,
    `${formatValue(b.base)} ${b.unit}`,
    `${formatValue(b.head)} ${b.unit}`,
    b.ratio.toFixed(3),
    `${bound(b.low)} – ${bound(b.high)}`,
    b.verdict,
  ];
}

/** Lines under the table: the noise that kept a benchmark unresolved, and what was not compared. */
function notes(comparison: PairedComparison, maxRegression: number, name: (n: string) => string): string[] {
  const lines: string[] = [];
  const limit = `${(maxRegression * 100).toFixed(1)}%`;
  for (const b of comparison.benchmarks) {
    if (b.verdict !== 'unresolved') continue;
    lines.push(
      `${name(b.name)}: round-to-round spread ${(b.spread * 100).toFixed(1)}% over ${b.rounds} rounds cannot resolve a ${limit} change here; about ${b.roundsNeeded} rounds would.`,
    );
  }
  if (comparison.onlyBase.length > 0)
    lines.push(`Only in the base (removed): ${comparison.onlyBase.map(name).join(', ')}`);
  if (comparison.onlyHead.length > 0) lines.push(`Only in the head (new): ${comparison.onlyHead.map(name).join(', ')}`);
  return lines;
}

/** A plain-text table for the terminal, columns padded to their widest cell. */
export function renderBenchTable(comparison: PairedComparison, maxRegression: number): string {
  const rows = [HEADERS, ...comparison.benchmarks.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  return [...lines, ...notes(comparison, maxRegression, (n) => n)].join('\n');
}

/** The job summary: the same table in Markdown, benchmark names escaped (they come from the report). */
export function renderBenchSummary(comparison: PairedComparison, maxRegression: number): string {
  const rows = comparison.benchmarks.map((b) => cells(b).map(untrustedText));
  const limit = `${(maxRegression * 100).toFixed(1)}%`;
  const head = `## Benchmarks, paired A/B (${comparison.benchmarks[0]?.rounds ?? 0} rounds, limit ${limit})`;
  const body = table(HEADERS, rows, ['left', 'right', 'right', 'right', 'center', 'left']);
  const extra = notes(comparison, maxRegression, (n) => code(n));
  return [head, '', body, ...(extra.length > 0 ? ['', ...extra.map((l) => `- ${l}`)] : [])].join('\n');
}

function bound(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : value > 0 ? '∞' : '0';
}

/** Three significant digits: benchmark times span nanoseconds to seconds. */
function formatValue(value: number): string {
  return value.toPrecision(3);
}
