import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import type { Severity } from '../../src/model';
import { checkFinding, countSeverities, filesIn, parseReport, tally } from './helpers';

/*
 * Real tool outputs in /work/shared/fixtures. For each file the expected counts by severity are worked
 * out here by walking the JSON by hand, independently of the parsers, then compared with what the
 * parser returns. Totals stated in each folder's SOURCES.md are checked too.
 */

/** Just the fields the hand counts read, for each format. */
interface SarifRule {
  id?: string;
  properties?: Record<string, unknown>;
  defaultConfiguration?: { level?: string };
}
interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  rule?: { id?: string; index?: number };
  level?: string;
  kind?: string;
  suppressions?: { status?: string }[];
  properties?: Record<string, unknown>;
}
interface SarifLog {
  runs: { tool: { driver: { rules?: SarifRule[] } }; results: SarifResult[] }[];
}
interface NpmAudit {
  vulnerabilities: Record<string, { severity: string }>;
  metadata: { vulnerabilities: Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number> };
}
type PipDependency = { vulns?: unknown[] };
type PipAudit = PipDependency[] | { dependencies: PipDependency[] };
interface Trivy {
  Results?: {
    Vulnerabilities?: { Severity: string }[];
    Misconfigurations?: { Severity: string; Status: string }[];
    Secrets?: { Severity: string }[];
  }[];
}
interface Grype {
  matches: { vulnerability: { severity: string } }[];
}

const load = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const lower = (s: string) => s.toLowerCase() as Severity;

function cvss(score: number): Severity | undefined {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return undefined;
}

/** SARIF by hand: rule by index (or id), score on result then rule, else level, else rule default, else warning. */
function sarifSeverities(document: unknown): Severity[] {
  const log = document as SarifLog;
  const out: Severity[] = [];
  for (const run of log.runs) {
    const rules = run.tool.driver.rules ?? [];
    for (const result of run.results) {
      if (['pass', 'notApplicable', 'informational'].includes(result.kind ?? 'fail')) continue;
      if ((result.suppressions ?? []).some((s) => !s.status || s.status === 'accepted')) continue;
      const index = result.rule?.index ?? result.ruleIndex;
      const rule = index !== undefined ? rules[index] : rules.find((r) => r.id === (result.ruleId ?? result.rule?.id));
      const score = Number(result.properties?.['security-severity'] ?? rule?.properties?.['security-severity'] ?? 0);
      const level: string = result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
      const byLevel = ({ error: 'high', warning: 'medium', note: 'low', none: 'low' } as const)[
        level as 'error' | 'warning' | 'note' | 'none'
      ];
      out.push(cvss(score) ?? byLevel);
    }
  }
  return out;
}

const npmSeverity = (s: string): Severity => (s === 'moderate' ? 'medium' : s === 'info' ? 'low' : (s as Severity));

const groups: {
  dir: string;
  format: string;
  pattern: RegExp;
  expected: (doc: unknown) => Severity[];
  totals: Record<string, number>;
}[] = [
  {
    dir: 'sarif',
    format: 'sarif',
    pattern: /\.sarif$/,
    expected: sarifSeverities,
    totals: {
      'codeql-2.20.7-js-vulnerable-website.sarif': 21,
      'codeql-2.12.6-js-vulnerable-node.sarif': 28,
      'codeql-2.23.5-cpp-fgcom-mumble.sarif': 1,
      'semgrep-snapshot-with-source.sarif': 2,
      'semgrep-snapshot-with-dataflow-traces.sarif': 1,
      'trivy-golden-alpine-310.sarif': 4,
      'grype-golden-TestSarifPresenter_image.sarif': 2,
    },
  },
  {
    dir: 'npm-audit',
    format: 'npm-audit',
    pattern: /\.json$/,
    expected: (doc) => Object.values((doc as NpmAudit).vulnerabilities).map((v) => npmSeverity(v.severity)),
    totals: {
      'audit-ci-npm7-allowlisted-path.json': 3,
      'audit-ci-npm7-critical.json': 1,
      'audit-ci-npm7-none.json': 0,
      'defectdojo-npm7plus-many-vulns.json': 6,
      'npm-cli-arborist-all-severity-levels.json': 16,
      'npm-cli-audit-command-json.json': 1,
    },
  },
  {
    dir: 'pip-audit',
    format: 'pip-audit',
    pattern: /\.json$/,
    expected: (doc) => {
      const audit = doc as PipAudit;
      const list = Array.isArray(audit) ? audit : audit.dependencies;
      return list.flatMap((d) => (d.vulns ?? []).map((): Severity => 'unknown'));
    },
    totals: {
      'pip-audit-2.6-secure-coding-review.json': 15,
      'pip-audit-2.9-vulnflask.json': 4,
      'pip-audit-legacy-list-many-vulns.json': 7,
      'pip-audit-new-format-many-vulns.json': 7,
    },
  },
  {
    dir: 'trivy',
    format: 'trivy',
    pattern: /\.json$/,
    expected: (doc) =>
      ((doc as Trivy).Results ?? []).flatMap((r) => [
        ...(r.Vulnerabilities ?? []).map((v) => lower(v.Severity)),
        ...(r.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL').map((m) => lower(m.Severity)),
        ...(r.Secrets ?? []).map((s) => lower(s.Severity)),
      ]),
    totals: {},
  },
  {
    dir: 'grype',
    format: 'grype',
    pattern: /\.json$/,
    expected: (doc) =>
      (doc as Grype).matches.map((m) => {
        const s = lower(m.vulnerability.severity);
        return (s as string) === 'negligible' ? 'low' : s;
      }),
    totals: {
      'grype-0.66.0-keycloak.json': 6,
      'grype-0.65.1-ghsa.json': 2,
      'grype-0.61.1-chainguard-ruby.json': 3,
      'grype-golden-TestJsonImgsPresenter.json': 2,
      'grype-0.94.0-many-vulns-epss.json': 15,
    },
  },
];

describe('security conformance with real tool outputs', () => {
  for (const group of groups) {
    describeConformance(group.dir, group.dir, (dir) => {
      for (const file of filesIn(dir, group.pattern)) {
        it(basename(file), async () => {
          const doc = load(file);
          const { format, result } = await parseReport(file, 'security');
          expect(format).toBe(group.format);
          result.findings.forEach(checkFinding);
          expect(countSeverities(result.findings)).toEqual(tally(group.expected(doc)));
          const total = group.totals[basename(file)];
          if (total !== undefined) expect(result.findings).toHaveLength(total);
          // npm states its own per-severity totals: they must agree with ours too.
          if (group.dir === 'npm-audit') {
            const m = (doc as NpmAudit).metadata.vulnerabilities;
            expect(countSeverities(result.findings)).toEqual(
              tally([
                ...Array<Severity>(m.critical).fill('critical'),
                ...Array<Severity>(m.high).fill('high'),
                ...Array<Severity>(m.moderate).fill('medium'),
                ...Array<Severity>(m.low + m.info).fill('low'),
              ]),
            );
          }
        });
      }
    });
  }
});
