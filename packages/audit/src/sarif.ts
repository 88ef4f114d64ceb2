import type { Log, ReportingDescriptor, Result } from 'sarif';
import { type Finding, RULES } from './findings';

/**
 * A SARIF 2.1.0 log of the findings, with the rules table, so GitHub code scanning shows each finding
 * on its line with the rule's help. `uri` of each file is relative to the repository root (`toUri`).
 */
export function toSarif(findings: readonly Finding[], toUri: (file: string) => string, version: string): Log {
  const rules: ReportingDescriptor[] = RULES.map((rule) => ({
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.summary },
    help: { text: rule.help, markdown: rule.help },
    defaultConfiguration: { level: rule.level },
    properties: { tags: ['security', 'github-actions'] },
  }));
  const results: Result[] = findings.map((finding) => ({
    ruleId: finding.rule,
    ruleIndex: RULES.findIndex((rule) => rule.id === finding.rule),
    level: finding.level,
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(finding.file) },
          region: { startLine: finding.line, startColumn: finding.column },
        },
      },
    ],
  }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'ccm audit', version, rules } }, results }],
  };
}
