/**
 * Small builders for GitHub-flavoured Markdown: job summaries and PR comments are both Markdown,
 * so one builder serves both (unlike core.summary, which writes HTML to one file).
 */

import { untrustedCode } from './untrusted-text';

/**
 * Escapes our own text (action docs, labels we wrote) for a table cell: pipes, newlines and
 * HTML-significant characters. Text from outside goes through untrustedText instead.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

export type Align = 'left' | 'right' | 'center';

export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly Align[],
): string {
  const rule = headers.map((_, i) => {
    const a = align?.[i] ?? 'left';
    return a === 'right' ? '---:' : a === 'center' ? ':---:' : '---';
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(rule), ...rows.map(line)].join('\n');
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** Text shown as code; it may come from outside (a path, a key), so it is rendered as untrusted. */
export const code = untrustedCode;

/** A Mermaid pie chart; GitHub renders ```mermaid blocks in summaries and comments. */
export function pieChart(title: string, slices: readonly { label: string; value: number }[]): string {
  const body = slices
    .filter((s) => s.value > 0)
    .map((s) => `    "${s.label.replace(/"/g, "'")}" : ${s.value}`)
    .join('\n');
  return `\`\`\`mermaid\npie showData title ${title}\n${body}\n\`\`\``;
}

/** Fixed-precision percent for display (`84.17%`); a dash for a value that was not measured. */
export function percent(value: number | undefined, digits = 2): string {
  return value === undefined ? '–' : `${value.toFixed(digits)}%`;
}
