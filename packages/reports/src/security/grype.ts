import { isRecord, type ReportFormat } from '../format';
import type { SecurityFinding, Severity } from '../model';
import { JsonFields } from './json-fields';
import { mapSeverity } from './severity';

/** Grype's severities are title case; Negligible sits below Low, the model's lowest. */
const SEVERITIES: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
  unknown: 'unknown',
};

/** `grype -o json`: one finding per match (a vulnerability in one package). */
export const grype: ReportFormat<'security'> = {
  id: 'grype',
  label: 'Grype JSON',
  kind: 'security',
  matchJson: (document) =>
    isRecord(document) &&
    Array.isArray(document.matches) &&
    isRecord(document.descriptor) &&
    document.descriptor.name === 'grype',
  async parse({ file, json }) {
    const fields = new JsonFields({ file });
    const report = fields.record(json, 'the document');
    const findings = fields.array(report.matches, 'matches').map((value, i) => {
      const at = `matches[${i}]`;
      const match = fields.record(value, at);
      const vulnerability = fields.record(match.vulnerability, `${at}.vulnerability`);
      const artifact = fields.record(match.artifact, `${at}.artifact`);
      const id = fields.string(vulnerability.id, `${at}.vulnerability.id`);
      const finding: SecurityFinding = {
        tool: 'Grype',
        id,
        severity: mapSeverity(fields, SEVERITIES, vulnerability.severity, `${at}.vulnerability.severity`),
        message:
          fields.optionalString(vulnerability.description, `${at}.vulnerability.description`) ?? related(match) ?? id,
        package: fields.string(artifact.name, `${at}.artifact.name`),
      };
      const version = fields.optionalString(artifact.version, `${at}.artifact.version`);
      if (version !== undefined) finding.version = version;
      if (isRecord(vulnerability.fix)) {
        const fixes = fields.optionalStrings(vulnerability.fix.versions, `${at}.vulnerability.fix.versions`);
        if (fixes.length > 0) finding.fixedVersions = fixes;
      }
      return finding;
    });
    return { findings };
  },
};

/** GHSA matches often carry the description only on the related CVE. */
function related(match: Record<string, unknown>): string | undefined {
  if (!Array.isArray(match.relatedVulnerabilities)) return undefined;
  for (const entry of match.relatedVulnerabilities) {
    if (isRecord(entry) && typeof entry.description === 'string' && entry.description.trim() !== '') {
      return entry.description;
    }
  }
  return undefined;
}
