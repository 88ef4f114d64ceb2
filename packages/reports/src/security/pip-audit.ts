import { isRecord, type ReportFormat } from '../format';
import type { SecurityFinding } from '../model';
import { JsonFields } from './json-fields';

/** pip-audit writes long markdown descriptions; the first paragraph says what the issue is. */
const MESSAGE_CHARS = 500;

/** A dependency entry as pip-audit writes it: a name, and vulns or a skip_reason. */
function isDependency(value: unknown): boolean {
  return isRecord(value) && typeof value.name === 'string' && (Array.isArray(value.vulns) || 'skip_reason' in value);
}

/**
 * `pip-audit -f json`: the current `{dependencies: [...], fixes: [...]}` and the legacy top-level list
 * (pip-audit < 2). pip-audit reports no severity, so every finding is `unknown`. Dependencies pip-audit
 * skipped (`skip_reason`: not on PyPI) were not audited and give no finding.
 */
export const pipAudit: ReportFormat<'security'> = {
  id: 'pip-audit',
  label: 'pip-audit JSON',
  kind: 'security',
  matchJson: (document) => {
    // `dependencies` alone is no signature (CycloneDX has one): look at what the entries hold.
    const list = Array.isArray(document) ? document : isRecord(document) ? document.dependencies : undefined;
    if (!Array.isArray(list)) return false;
    if (list.length === 0) return isRecord(document) && Array.isArray(document.fixes);
    return isDependency(list[0]);
  },
  async parse({ file, json }) {
    const fields = new JsonFields({ file });
    const legacy = Array.isArray(json);
    const list = legacy ? json : fields.array(fields.record(json, 'the document').dependencies, 'dependencies');
    const base = legacy ? '' : 'dependencies';
    const findings: SecurityFinding[] = [];
    list.forEach((value, i) => {
      const at = `${base}[${i}]`;
      const dependency = fields.record(value, at);
      const name = fields.string(dependency.name, `${at}.name`);
      if (dependency.skip_reason !== undefined && dependency.vulns === undefined) return;
      const version = fields.string(dependency.version, `${at}.version`);
      fields.array(dependency.vulns, `${at}.vulns`).forEach((v, j) => {
        const vat = `${at}.vulns[${j}]`;
        const vuln = fields.record(v, vat);
        const finding: SecurityFinding = {
          tool: 'pip-audit',
          id: fields.string(vuln.id, `${vat}.id`),
          severity: 'unknown',
          message: summary(fields.optionalString(vuln.description, `${vat}.description`)) ?? `${name} ${version}`,
          package: name,
          version,
        };
        const fixes = fields.optionalStrings(vuln.fix_versions, `${vat}.fix_versions`);
        if (fixes.length > 0) finding.fixedVersions = fixes;
        findings.push(finding);
      });
    });
    return { findings };
  },
};

function summary(description: string | undefined): string | undefined {
  const paragraph = description?.trim().split(/\n\s*\n/)[0];
  const text = paragraph
    ?.replace(/^#+\s*/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS - 1)}…` : text;
}
