import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditWorkflow, RULES, toSarif } from '../src/index';

// No SARIF 2.1.0 JSON schema is published on npm (only type definitions), so this checks the fields
// the schema requires, and the ones GitHub code scanning reads, on a real log.
describe('toSarif', () => {
  const file = 'bad/secrets-to-untrusted.yml';
  const findings = auditWorkflow(file, readFileSync(join(import.meta.dirname, 'fixtures', file), 'utf8'));
  const log = toSarif(findings, (name) => `.github/workflows/${name}`, '1.2.3');
  const run = log.runs[0]!;

  it('is a SARIF 2.1.0 log with one run of the ccm audit tool and its rules table', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'ccm audit', version: '1.2.3' });
    expect(run.tool.driver.rules?.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    for (const rule of run.tool.driver.rules ?? []) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration?.level);
    }
  });

  it('has one result per finding, pointing at its rule, file, line and column', () => {
    expect(run.results).toHaveLength(findings.length);
    run.results?.forEach((result, index) => {
      const finding = findings[index]!;
      expect(result.ruleId).toBe(finding.rule);
      expect(run.tool.driver.rules?.[result.ruleIndex!]?.id).toBe(finding.rule);
      expect(result.level).toBe(finding.level);
      expect(result.message.text).toBe(finding.message);
      expect(result.locations?.[0]?.physicalLocation).toEqual({
        artifactLocation: { uri: `.github/workflows/${file}` },
        region: { startLine: finding.line, startColumn: finding.column },
      });
    });
  });

  it('survives JSON: what is written is what code scanning reads', () => {
    expect(JSON.parse(JSON.stringify(log))).toEqual(log);
  });
});
