import { isRecord, type ReportFormat } from '../format';
import type { SecurityFinding, Severity } from '../model';
import { JsonFields } from './json-fields';
import { mapSeverity } from './severity';

const SEVERITIES: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  unknown: 'unknown',
};

/**
 * Trivy JSON (`--format json`, SchemaVersion 2): vulnerabilities, failed misconfiguration checks and
 * secrets of every result. Misconfigurations with Status PASS or EXCEPTION (written with
 * --include-non-failures, or waived) are not findings. A report with no Results scanned nothing
 * (Trivy omits the empty list) and has no findings.
 */
export const trivy: ReportFormat<'security'> = {
  id: 'trivy',
  label: 'Trivy JSON',
  kind: 'security',
  matchJson: (document) =>
    isRecord(document) &&
    typeof document.SchemaVersion === 'number' &&
    (Array.isArray(document.Results) || typeof document.ArtifactName === 'string'),
  async parse({ file, json }) {
    const fields = new JsonFields({ file });
    const report = fields.record(json, 'the document');
    if (report.SchemaVersion !== 2) {
      fields.fail('SchemaVersion', `Trivy schema ${String(report.SchemaVersion)} is not supported (expected 2)`);
    }
    const findings: SecurityFinding[] = [];
    fields.optionalArray(report.Results, 'Results').forEach((value, r) => {
      const at = `Results[${r}]`;
      const result = fields.record(value, at);
      const target = fields.string(result.Target, `${at}.Target`);
      // For language packages the target is the lockfile or archive; for OS packages it names the image.
      const packageFile = result.Class === 'lang-pkgs' ? target : undefined;
      fields.optionalArray(result.Vulnerabilities, `${at}.Vulnerabilities`).forEach((v, i) => {
        findings.push(
          readVulnerability(
            fields,
            fields.record(v, `${at}.Vulnerabilities[${i}]`),
            `${at}.Vulnerabilities[${i}]`,
            packageFile,
          ),
        );
      });
      fields.optionalArray(result.Misconfigurations, `${at}.Misconfigurations`).forEach((m, i) => {
        const finding = readMisconfiguration(
          fields,
          fields.record(m, `${at}.Misconfigurations[${i}]`),
          `${at}.Misconfigurations[${i}]`,
          target,
        );
        if (finding) findings.push(finding);
      });
      fields.optionalArray(result.Secrets, `${at}.Secrets`).forEach((s, i) => {
        findings.push(readSecret(fields, fields.record(s, `${at}.Secrets[${i}]`), `${at}.Secrets[${i}]`, target));
      });
    });
    return { findings };
  },
};

function readVulnerability(
  fields: JsonFields,
  vuln: Record<string, unknown>,
  at: string,
  packageFile: string | undefined,
): SecurityFinding {
  const id = fields.string(vuln.VulnerabilityID, `${at}.VulnerabilityID`);
  const finding: SecurityFinding = {
    tool: 'Trivy',
    id,
    severity: mapSeverity(fields, SEVERITIES, vuln.Severity, `${at}.Severity`),
    message:
      fields.optionalString(vuln.Title, `${at}.Title`) ??
      fields.optionalString(vuln.Description, `${at}.Description`) ??
      id,
    package: fields.string(vuln.PkgName, `${at}.PkgName`),
  };
  const version = fields.optionalString(vuln.InstalledVersion, `${at}.InstalledVersion`);
  if (version !== undefined) finding.version = version;
  // FixedVersion lists one fix per release line: "11.0.14, 10.1.49, 9.0.112".
  const fixed = fields.optionalString(vuln.FixedVersion, `${at}.FixedVersion`);
  if (fixed !== undefined)
    finding.fixedVersions = fixed
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const file = fields.optionalString(vuln.PkgPath, `${at}.PkgPath`) ?? packageFile;
  if (file !== undefined) finding.file = file;
  return finding;
}

function readMisconfiguration(
  fields: JsonFields,
  misconfiguration: Record<string, unknown>,
  at: string,
  target: string,
): SecurityFinding | undefined {
  const status = fields.optionalString(misconfiguration.Status, `${at}.Status`);
  if (status !== undefined && status !== 'FAIL') return undefined;
  const id =
    fields.optionalString(misconfiguration.ID, `${at}.ID`) ?? fields.string(misconfiguration.AVDID, `${at}.AVDID`);
  const finding: SecurityFinding = {
    tool: 'Trivy',
    id,
    severity: mapSeverity(fields, SEVERITIES, misconfiguration.Severity, `${at}.Severity`),
    message:
      fields.optionalString(misconfiguration.Message, `${at}.Message`) ??
      fields.optionalString(misconfiguration.Title, `${at}.Title`) ??
      id,
    file: target,
  };
  if (isRecord(misconfiguration.CauseMetadata)) {
    const line = fields.optionalLine(misconfiguration.CauseMetadata.StartLine, `${at}.CauseMetadata.StartLine`);
    if (line !== undefined) finding.line = line;
  }
  return finding;
}

function readSecret(fields: JsonFields, secret: Record<string, unknown>, at: string, target: string): SecurityFinding {
  const id = fields.string(secret.RuleID, `${at}.RuleID`);
  const finding: SecurityFinding = {
    tool: 'Trivy',
    id,
    severity: mapSeverity(fields, SEVERITIES, secret.Severity, `${at}.Severity`),
    message: fields.optionalString(secret.Title, `${at}.Title`) ?? id,
    file: target,
  };
  const line = fields.optionalLine(secret.StartLine, `${at}.StartLine`);
  if (line !== undefined) finding.line = line;
  return finding;
}
