import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { code, table, untrustedText } from '@ccm/toolkit';
import type { Release } from '../ledger';
import type { HealthCheckRecord } from './health';

export type RollbackResult = 'rolled-back' | 'already-rolled-back' | 'failed';

/** What a rollback did, in order, with times: the JSON report, the summary and the outputs. */
export interface RollbackReport {
  result: RollbackResult;
  environment: string;
  ledger: string;
  reason: string;
  /** The release that was running, and the one restored (absent when it failed before choosing). */
  from?: Pick<Release, 'id' | 'version' | 'digest' | 'commit'>;
  to?: Pick<Release, 'id' | 'version' | 'digest' | 'commit'>;
  /** The ledger's record of this rollback. */
  recorded?: string;
  actions: { at: string; what: string }[];
  health?: { url: string; healthy: boolean; checks: HealthCheckRecord[] };
  /** revert-pr: the pull request opened (its branch and the commits reverted, newest first), or why not. */
  revertPr?: { url: string; branch: string; commits: string[] } | { url?: undefined; error: string };
  startedAt: string;
  durationMs: number;
}

export async function writeRollbackReport(path: string, report: RollbackReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}

const TITLE: Record<RollbackResult, string> = {
  'rolled-back': '⏪ rolled back',
  'already-rolled-back': '✔️ already rolled back',
  failed: '❌ rollback failed',
};

export function renderRollbackSummary(report: RollbackReport): string {
  const parts = [
    `## ${TITLE[report.result]}: ${untrustedText(report.environment)}`,
    `${untrustedText(report.reason)} (${(report.durationMs / 1000).toFixed(2)} s, ledger ${untrustedText(report.ledger)}).`,
  ];
  const release = (r: RollbackReport['from']) =>
    r
      ? [
          untrustedText(r.version),
          untrustedText(r.id),
          r.digest ? code(`${r.digest.slice(0, 19)}…`) : '–',
          untrustedText(r.commit?.slice(0, 12) ?? '–'),
        ]
      : [];
  if (report.from || report.to) {
    parts.push(
      table(
        ['', 'version', 'release', 'digest', 'commit'],
        [
          ...(report.from ? [['from', ...release(report.from)]] : []),
          ...(report.to ? [['to', ...release(report.to)]] : []),
        ],
      ),
    );
  }
  if (report.actions.length > 1) parts.push(timeline(report));
  if (report.actions.length > 0) {
    parts.push(
      table(
        ['time', 'action'],
        report.actions.map((a) => [a.at.slice(11, 23), untrustedText(a.what)]),
      ),
    );
  }
  if (report.health) {
    const failed = report.health.checks.filter((c) => !c.ok).length;
    parts.push(
      `Health of ${untrustedText(report.health.url)}: ${report.health.healthy ? 'recovered' : 'not recovered'} after ${report.health.checks.length} checks (${failed} failed); last: ${untrustedText(report.health.checks.at(-1)?.detail ?? 'none')}.`,
    );
  }
  if (report.revertPr) {
    parts.push(
      report.revertPr.url !== undefined
        ? `Revert pull request: ${report.revertPr.url} (branch ${untrustedText(report.revertPr.branch)}, ${report.revertPr.commits.length} commits reverted).`
        : `⚠️ No revert pull request: ${untrustedText(report.revertPr.error)}. The rollback stands.`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * The actions as a Mermaid timeline, each at its offset from the step's start. Mermaid splits an
 * event on ':' and reads '#' and ';' as entity syntax, so those become spaces; the table below keeps
 * the exact text.
 */
function timeline(report: RollbackReport): string {
  const start = Date.parse(report.startedAt);
  const clean = (text: string) =>
    text
      .replace(/[:;#`\r\n]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const lines = report.actions.map(
    (a) => `  +${((Date.parse(a.at) - start) / 1000).toFixed(2)} s : ${clean(a.what).slice(0, 120)}`,
  );
  return ['```mermaid', 'timeline', `  title ${clean(`rollback of ${report.environment}`)}`, ...lines, '```'].join(
    '\n',
  );
}
