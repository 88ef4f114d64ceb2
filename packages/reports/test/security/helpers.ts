import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectFormat } from '../../src/detect';
import type { ResultByKind } from '../../src/format';
import type { ReportKind, SecurityFinding, Severity } from '../../src/model';

/** /work/shared/fixtures: real tool outputs, read in place (never copied into the repo). */
export const sharedFixtures = fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url));

export const ownFixture = (area: 'security' | 'tests', name: string) =>
  fileURLToPath(new URL(`../fixtures/${area}/${name}`, import.meta.url));

export function filesIn(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Detects and parses a report the way the loaders do. */
export async function parseReport<K extends Exclude<ReportKind, 'coverage'>>(
  file: string,
  kind: K,
): Promise<{ format: string; result: ResultByKind[K] }> {
  const { format, head, json } = await detectFormat(file, kind);
  const sink = () => {
    throw new Error('a parser wrote to the coverage sink');
  };
  const result = await format.parse({ file, root: dirname(file), head, json, sink });
  return { format: format.id, result };
}

export type SeverityCounts = Partial<Record<Severity, number>>;

export function countSeverities(findings: readonly { severity: Severity }[]): SeverityCounts {
  const counts: SeverityCounts = {};
  for (const { severity } of findings) counts[severity] = (counts[severity] ?? 0) + 1;
  return counts;
}

export function tally(severities: readonly Severity[]): SeverityCounts {
  return countSeverities(severities.map((severity) => ({ severity })));
}

/** What every finding must look like, whatever the input: the "never pass garbage" invariant. */
export function checkFinding(finding: SecurityFinding): void {
  const ok =
    typeof finding.tool === 'string' &&
    finding.tool !== '' &&
    typeof finding.id === 'string' &&
    finding.id.trim() !== '' &&
    ['critical', 'high', 'medium', 'low', 'unknown'].includes(finding.severity) &&
    typeof finding.message === 'string' &&
    (finding.line === undefined || (Number.isInteger(finding.line) && finding.line >= 1)) &&
    (finding.file === undefined || typeof finding.file === 'string');
  if (!ok) throw new Error(`malformed finding ${JSON.stringify(finding)}`);
}
