import { isRecord, type ReportFormat } from '../format';
import type { SecurityFinding, Severity } from '../model';
import { JsonFields } from './json-fields';
import { mapSeverity } from './severity';

/** npm's severities; `info` is below low, and the model's lowest is low. */
const SEVERITIES: Readonly<Record<string, Severity>> = {
  info: 'low',
  low: 'low',
  moderate: 'medium',
  high: 'high',
  critical: 'critical',
};

/**
 * `npm audit --json` of npm 7+ (auditReportVersion 2): one finding per vulnerable package, with the
 * severity npm gives that package (the worst of its advisories and of the vulnerable packages it
 * depends on). A package vulnerable only through its dependencies is a finding too, as npm counts it.
 *
 * npm 6's report (auditReportVersion 1: `advisories`, `actions`) is recognised and refused: it counts
 * advisories, not packages, so a threshold would mean something else for it; npm 6 is end-of-life.
 */
export const npmAudit: ReportFormat<'security'> = {
  id: 'npm-audit',
  label: 'npm audit JSON',
  kind: 'security',
  matchJson: (document) =>
    isRecord(document) &&
    ((document.auditReportVersion !== undefined && isRecord(document.vulnerabilities)) ||
      (isRecord(document.advisories) && Array.isArray(document.actions))),
  async parse({ file, json }) {
    const fields = new JsonFields({ file });
    const report = fields.record(json, 'the document');
    checkVersion(fields, report);
    const vulnerabilities = fields.record(report.vulnerabilities, 'vulnerabilities');
    return {
      findings: Object.entries(vulnerabilities).map(([name, value]) => readVulnerability(fields, name, value)),
    };
  },
};

/** Only npm 7+'s report (auditReportVersion 2) counts packages. */
function checkVersion(fields: JsonFields, report: Record<string, unknown>): void {
  if (report.auditReportVersion === undefined && isRecord(report.advisories)) {
    fields.fail(
      'the document',
      'an npm 6 audit report (auditReportVersion 1) is not supported: run npm audit --json with npm 7 or later',
    );
  }
  if (report.auditReportVersion !== 2) {
    fields.fail(
      'auditReportVersion',
      `version ${JSON.stringify(report.auditReportVersion)} is not supported (expected 2)`,
    );
  }
}

/** One vulnerable package: its advisories, or the vulnerable dependencies it is vulnerable through. */
function readVulnerability(fields: JsonFields, name: string, value: unknown): SecurityFinding {
  const at = `vulnerabilities[${JSON.stringify(name)}]`;
  const entry = fields.record(value, at);
  const severity = mapSeverity(fields, SEVERITIES, entry.severity, `${at}.severity`);
  const advisories: { id: string; title?: string }[] = [];
  const through: string[] = [];
  fields.array(entry.via, `${at}.via`).forEach((via, i) => {
    if (typeof via === 'string') through.push(via);
    else advisories.push(readAdvisory(fields, fields.record(via, `${at}.via[${i}]`), `${at}.via[${i}]`));
  });
  if (advisories.length === 0 && through.length === 0)
    fields.fail(`${at}.via`, 'is empty: no advisory and no dependency');
  const ids = [...new Set(advisories.map((a) => a.id))];
  const titles = [...new Set(advisories.flatMap((a) => (a.title ? [a.title] : [])))];
  const finding: SecurityFinding = {
    tool: 'npm audit',
    id: ids.length > 0 ? ids.join(', ') : `via ${through.join(', ')}`,
    severity,
    message: titles.length > 0 ? titles.join('; ') : `depends on vulnerable ${through.join(', ')}`,
    package: name,
  };
  // fixAvailable names the package to change, which may be a parent: only its own version is a fix for it.
  const fix = entry.fixAvailable;
  if (isRecord(fix) && fix.name === name && typeof fix.version === 'string') finding.fixedVersions = [fix.version];
  return finding;
}

/** A via advisory: its GHSA id from the url when it has one, else npm's numeric source. */
function readAdvisory(fields: JsonFields, via: Record<string, unknown>, at: string): { id: string; title?: string } {
  const url = fields.optionalString(via.url, `${at}.url`);
  const ghsa = url ? /\/(GHSA-[\w-]+)\/?$/i.exec(url)?.[1] : undefined;
  const source = via.source;
  const id =
    ghsa ??
    (typeof source === 'number' || typeof source === 'string' ? `npm:${source}` : undefined) ??
    url ??
    fields.fail(at, 'an advisory with no url and no source');
  const title = fields.optionalString(via.title, `${at}.title`);
  return title === undefined ? { id } : { id, title };
}
