import { isRecord, type ReportFormat } from '../format';
import type { SecurityFinding, Severity } from '../model';
import { JsonFields } from './json-fields';
import { mapSeverity } from './severity';

const SEVERITIES: Readonly<Record<string, Severity>> = {
  high: 'high',
  medium: 'medium',
  low: 'low',
  undefined: 'unknown',
};

/**
 * Bandit JSON (`bandit -f json`). The severity is bandit's issue_severity as is. issue_confidence does
 * not lower it: a gate on "high" must not be weakened silently, and bandit filters by confidence
 * itself (`--confidence-level`) before writing the report. The confidence is kept in the message.
 */
export const bandit: ReportFormat<'security'> = {
  id: 'bandit',
  label: 'Bandit JSON',
  kind: 'security',
  matchJson: (document) =>
    isRecord(document) &&
    Array.isArray(document.results) &&
    isRecord(document.metrics) &&
    isRecord(document.metrics._totals),
  async parse({ file, json }) {
    const fields = new JsonFields({ file });
    const report = fields.record(json, 'the document');
    const findings = fields.array(report.results, 'results').map((value, i) => {
      const at = `results[${i}]`;
      const issue = fields.record(value, at);
      const confidence = fields.optionalString(issue.issue_confidence, `${at}.issue_confidence`);
      const text = fields.string(issue.issue_text, `${at}.issue_text`);
      const finding: SecurityFinding = {
        tool: 'Bandit',
        id: fields.string(issue.test_id, `${at}.test_id`),
        severity: mapSeverity(fields, SEVERITIES, issue.issue_severity, `${at}.issue_severity`),
        message: confidence ? `${text} (confidence: ${confidence.toLowerCase()})` : text,
        file: fields.string(issue.filename, `${at}.filename`),
      };
      const line = fields.optionalLine(issue.line_number, `${at}.line_number`);
      if (line !== undefined) finding.line = line;
      return finding;
    });
    return { findings };
  },
};
