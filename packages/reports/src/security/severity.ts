import type { Severity } from '../model';
import type { JsonFields } from './json-fields';

/**
 * A CVSS-like score (SARIF `security-severity`) as a severity, the way GitHub code scanning buckets it:
 * "over 9.0 is critical, 7.0 to 8.9 is high, 4.0 to 6.9 is medium and 3.9 or less is low"
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object).
 * 9.0 itself is critical, as in CVSS v3. A score of 0 carries no severity: undefined, so callers fall back.
 */
export function severityFromScore(score: number): Severity | undefined {
  if (!(score > 0)) return undefined;
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** A tool's severity word through its table (matched case-insensitively); an unknown word is an error. */
export function mapSeverity(
  fields: JsonFields,
  table: Readonly<Record<string, Severity>>,
  value: unknown,
  path: string,
): Severity {
  const word = fields.string(value, path);
  const key = word.toLowerCase();
  // Own keys only: 'constructor' must not find Object.prototype's.
  const severity = Object.hasOwn(table, key) ? table[key] : undefined;
  if (!severity) {
    fields.fail(path, `unknown severity '${word}' (expected one of ${Object.keys(table).join(', ')})`);
  }
  return severity;
}
