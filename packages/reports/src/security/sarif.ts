import { isRecord, type ReportFormat } from '../format';
import { jsonHeadMembers } from '../json-stream';
import type { SecurityFinding } from '../model';
import { JsonFields } from './json-fields';
import { baseIdsOf, checkResults, checkVersion, convertResult, toolContext } from './sarif-result';
import { streamSarif } from './sarif-stream';

/**
 * SARIF 2.1.0 logs (CodeQL, Semgrep, Trivy, Grype, ...). One finding per result, except results that
 * are suppressed, that are not problems (kind pass / notApplicable / informational), or that a
 * baseline comparison marks `absent` (no longer present).
 *
 * A log detection parsed whole arrives in `json`; a big one is detected by its head and streamed
 * (sarif-stream.ts). Both read each result with the same `convertResult`.
 */
export const sarif: ReportFormat<'security'> = {
  id: 'sarif',
  label: 'SARIF',
  kind: 'security',
  matchJson: (document) =>
    isRecord(document) &&
    Array.isArray(document.runs) &&
    (typeof document.version === 'string' || String(document.$schema ?? '').includes('sarif')),
  // The same test on the top-level members the head shows. Writers put `$schema`/`version` before
  // `runs` (CodeQL, Trivy, Grype), or sort keys (Semgrep: `$schema`, `runs`, then `version`).
  matchJsonHead: (head) => {
    const { keys, scalars } = jsonHeadMembers(head);
    return (
      keys.includes('runs') && (typeof scalars.version === 'string' || String(scalars.$schema ?? '').includes('sarif'))
    );
  },
  async parse({ file, json }) {
    return json === undefined ? streamSarif(file) : { findings: readSarif(file, json) };
  },
};

/** The whole-document reader. */
export function readSarif(file: string, json: unknown): SecurityFinding[] {
  const fields = new JsonFields({ file });
  const log = fields.record(json, 'the document');
  checkVersion(fields, log.version);
  const findings: SecurityFinding[] = [];
  fields.array(log.runs, 'runs').forEach((value, r) => {
    const at = `runs[${r}]`;
    const run = fields.record(value, at);
    const context = {
      ...toolContext(fields, run.tool, at),
      baseIds: baseIdsOf(run.originalUriBaseIds),
      artifacts: Array.isArray(run.artifacts) ? run.artifacts : [],
    };
    const results = checkResults(fields, run.results, at);
    results.forEach((result, i) => {
      const finding = convertResult(fields, context, result, `${at}.results[${i}]`);
      if (finding) findings.push(finding);
    });
  });
  return findings;
}
