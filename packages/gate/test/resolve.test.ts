import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { resolveSettings } from '../src/resolve';

function withConfig(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-config-'));
  const file = join(dir, 'gate.yml');
  writeFileSync(file, text);
  return { dir, file };
}

describe('settings', () => {
  it('uses the declared defaults when nothing is given', async () => {
    const settings = await resolveSettings(() => '', { workspace: '/w' });
    expect(settings.thresholds).toEqual({
      'min-coverage': 85,
      'min-diff-coverage': undefined,
      'max-complexity': 10,
      'max-debt-ratio': 3,
      'fail-on-severity': 'high',
      'unknown-severity': 'high',
      'max-regression': 5,
    });
    expect(settings.root).toBe('/w');
    expect(settings.components).toEqual([]);
  });

  it('takes the config file, and lets an explicit input win over it', async () => {
    const { dir } = withConfig(
      'min-coverage: 70\nmax-complexity: 15\ncoverage: "**/lcov.info"\nrequired: [tests]\ncomponents:\n  - name: api\n    path: ./services/api\n    min-coverage: 90\n',
    );
    const inputs: Record<string, string> = { config: 'gate.yml', 'max-complexity': '12' };
    const settings = await resolveSettings((name) => inputs[name], { workspace: dir });
    expect(settings.thresholds['min-coverage']).toBe(70);
    expect(settings.thresholds['max-complexity']).toBe(12);
    expect(settings.reports.coverage).toEqual(['**/lcov.info']);
    expect(settings.required).toEqual(['tests']);
    expect(settings.components).toEqual([
      { name: 'api', path: 'services/api/', thresholds: { ...settings.thresholds, 'min-coverage': 90 } },
    ]);
  });

  it('defaults base-ref to the pull request base', async () => {
    const settings = await resolveSettings(() => '', { workspace: '/w', defaultBaseRef: 'origin/main' });
    expect(settings.baseRef).toBe('origin/main');
  });
});

describe('config errors name the file and line', () => {
  it.each([
    [
      'min-coverage: 70\ncomponents:\n  - name: api\n    path: a/\n    min-coverage: 120\n',
      ':5: components.0.min-coverage: must be <= 100',
    ],
    ['min-coverage: 70\nmin-coverag: 3\n', ":2: the config: unknown setting 'min-coverag'"],
    ['fail-on-severity: severe\n', ':1: fail-on-severity: must be one of critical, high, medium, low, none'],
    ['min-coverage: [\n', ':2:'],
    ['components:\n  - path: a/\n', ":2: components.0: must have required property 'name'"],
    ['components:\n  - name: api\n    path: a/\n    colour: red\n', ":4: components.0: unknown setting 'colour'"],
  ])('%j', async (text, message) => {
    const { file } = withConfig(text);
    await expect(loadConfig(file)).rejects.toThrow(`${file}${message}`);
  });

  it('a missing config file', async () => {
    await expect(loadConfig('/nonexistent/gate.yml')).rejects.toThrow(
      '/nonexistent/gate.yml: cannot read the config: ENOENT',
    );
  });
});

describe('percent thresholds written with a % sign', () => {
  it('reads 80% as 80 in an input and in the config file (components too)', async () => {
    const { dir } = withConfig(
      "max-debt-ratio: '2.5%'\ncomponents:\n  - name: api\n    path: api\n    min-coverage: 90 %\n",
    );
    const inputs: Record<string, string> = { config: 'gate.yml', 'min-coverage': '80%', 'max-regression': '7 %' };
    const settings = await resolveSettings((name) => inputs[name], { workspace: dir });
    expect(settings.thresholds).toMatchObject({ 'min-coverage': 80, 'max-debt-ratio': 2.5, 'max-regression': 7 });
    expect(settings.components[0]?.thresholds['min-coverage']).toBe(90);
  });

  it('still refuses a percentage out of range, and % on a count', async () => {
    const read = (inputs: Record<string, string>) => resolveSettings((name) => inputs[name], { workspace: '/w' });
    await expect(read({ 'min-coverage': '150%' })).rejects.toThrow(
      "input min-coverage: expected a percentage from 0 to 100 (80 or 80%), got '150%'",
    );
    await expect(read({ 'max-complexity': '10%' })).rejects.toThrow(
      "input max-complexity: expected a number of at least 1, got '10%'",
    );
  });
});
