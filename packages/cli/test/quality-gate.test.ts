import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { describe, expect, it } from 'vitest';
import { runGateCommand } from '../src/quality-gate';

/** An lcov tracefile written to geninfo(1)'s TRACEFILE FORMAT: a.ts has lines 1-4, 1 and 2 covered (50%). */
const LCOV = 'TN:\nSF:src/a.ts\nDA:1,3\nDA:2,1\nDA:3,0\nDA:4,0\nLF:4\nLH:2\nend_of_record\n';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-cli-gate-'));
  writeFileSync(join(dir, 'lcov.info'), LCOV);
  return dir;
}

async function gate(inputs: Record<string, string>, options: { json?: boolean; summaryFile?: string } = {}) {
  const cwd = workspace();
  const printed: string[] = [];
  const outcome = await runGateCommand(
    { inputs: { 'report-path': 'report.json', ...inputs }, cwd, quiet: true, ...options },
    (text) => printed.push(text),
  );
  return { ...outcome, printed, cwd };
}

describe('runGateCommand', () => {
  it('exits 0 when the gate passes and prints the verdict and where the report is', async () => {
    const { code, result, printed, cwd } = await gate({ coverage: 'lcov.info', 'min-coverage': '50' });
    expect(code).toBe(0);
    expect(result.passed).toBe(true);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^quality-gate: PASSED\n/);
    expect(printed[0]).toMatch(/Line coverage +≥ 50% +50\.00% \(2\/4\) +pass/);
    expect(printed[0]).toMatch(new RegExp(`\\n\\nreport: ${join(cwd, 'report.json')}$`));
    expect(JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')).passed).toBe(true);
  });

  it('exits 1 when the gate fails, with the failing condition in the text', async () => {
    const { code, result, printed } = await gate({ coverage: 'lcov.info' });
    expect(code).toBe(1);
    expect(result.passed).toBe(false);
    expect(printed[0]).toMatch(/^quality-gate: FAILED\n/);
    expect(printed[0]).toMatch(/Line coverage +≥ 85% +50\.00% \(2\/4\) +FAIL/);
  });

  it('prints the JSON report with --json', async () => {
    const { code, result, printed } = await gate({ coverage: 'lcov.info' }, { json: true });
    expect(code).toBe(1);
    const printedResult = JSON.parse(printed[0] as string);
    expect(printedResult).toEqual(JSON.parse(JSON.stringify(result)));
    expect(printedResult.conditions[0]).toMatchObject({ id: 'coverage', actual: 50, status: 'failed' });
  });

  it('writes the Markdown summary when asked', async () => {
    const summaryFile = join(mkdtempSync(join(tmpdir(), 'ccm-cli-summary-')), 'summary.md');
    await gate({ coverage: 'lcov.info' }, { summaryFile });
    expect(readFileSync(summaryFile, 'utf8')).toMatch(/^## ❌ quality-gate failed/);
  });

  it('throws a configuration error (the caller exits 2) for an invalid input', async () => {
    await expect(gate({ coverage: 'lcov.info', 'min-coverage': '150' })).rejects.toThrow(ConfigurationError);
    await expect(gate({ coverage: 'lcov.info', 'min-coverage': '150' })).rejects.toThrow(
      "input min-coverage: expected a percentage from 0 to 100 (80 or 80%), got '150'",
    );
  });
});
