import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCoverage } from '../../src/load';

// coverage.py 6.5 writes the module docstring's line among executed_lines while its summary counts
// statements only (seen in a real `coverage json` run: executed [1] for an __init__.py of 0 statements).
const report = (summary: object) =>
  JSON.stringify({
    meta: { version: '6.5.0', timestamp: '2026-01-01T00:00:00', branch_coverage: false, show_contexts: false },
    files: { 'pkg/mod.py': { executed_lines: [1, 3, 4], missing_lines: [5], excluded_lines: [], summary } },
    totals: {},
  });

describe('coverage.py JSON: executed lines that are not statements', () => {
  it('drops a docstring line found in the source, so totals equal coverage.py', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ccm-covpy-'));
    writeFileSync(join(root, 'coverage.json'), report({ covered_lines: 2, num_statements: 3, percent_covered: 66.67 }));
    mkdirSync(join(root, 'pkg'));
    writeFileSync(join(root, 'pkg', 'mod.py'), '"""Module docstring."""\n\nimport os\nX = 1\nY = 2\n');
    const { coverage } = await loadCoverage(['coverage.json'], { root });
    expect(coverage.totals()).toMatchObject({ covered: 2, total: 3 });
    expect([...(coverage.get('pkg/mod.py')?.coveredLines ?? [])]).toEqual([3, 4]);
  });

  it("falls back to coverage.py's own counts when the source is not there", async () => {
    const root = mkdtempSync(join(tmpdir(), 'ccm-covpy-'));
    writeFileSync(join(root, 'coverage.json'), report({ covered_lines: 2, num_statements: 3, percent_covered: 66.67 }));
    const { coverage } = await loadCoverage(['coverage.json'], { root });
    expect(coverage.totals()).toMatchObject({ covered: 2, total: 3 });
  });
});
