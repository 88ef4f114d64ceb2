import { describe, expect, it } from 'vitest';
import { explainFingerprints, formatExplanation } from '../../src/test-results/explain';
import { type FingerprintManifest, sealManifest } from '../../src/test-results/fingerprint-manifest';

const hash = (c: string) => c.repeat(64);

function manifest(changes: Partial<Omit<FingerprintManifest, 'fingerprint'>> = {}): FingerprintManifest {
  return sealManifest({
    schema: 'ccm-fingerprint/v1',
    suite: 'unit',
    files: { 'src/a.ts': hash('a'), 'src/b.ts': hash('b'), 'src/c.ts': hash('c') },
    env: { CI: hash('1'), TOKEN: hash('2'), UNSET: null },
    command: 'npm test',
    runtimes: { node: 'v24.1.0', os: 'linux-x64' },
    ...changes,
  });
}

describe('explainFingerprints', () => {
  it('finds nothing between equal manifests', () => {
    expect(explainFingerprints(manifest(), manifest())).toEqual([]);
  });

  it('lists every kind of change, in a fixed order', () => {
    const before = manifest();
    const after = manifest({
      suite: 'integration',
      files: { 'src/a.ts': hash('d'), 'src/c.ts': hash('c'), 'src/new.ts': hash('e') },
      env: { CI: hash('3'), TOKEN: null, UNSET: hash('4'), ADDED: null },
      command: null,
      runtimes: { node: 'v24.2.0', os: 'linux-x64', python: '3.12.1' },
    });
    expect(explainFingerprints(before, after)).toEqual([
      { kind: 'suite', name: 'suite', change: 'changed' },
      { kind: 'command', name: 'command', change: 'removed' },
      { kind: 'runtime', name: 'node', change: 'changed' },
      { kind: 'runtime', name: 'python', change: 'added' },
      { kind: 'env', name: 'ADDED', change: 'added' },
      { kind: 'env', name: 'CI', change: 'changed' },
      { kind: 'env', name: 'TOKEN', change: 'changed' },
      { kind: 'env', name: 'UNSET', change: 'changed' },
      { kind: 'file', name: 'src/a.ts', change: 'changed' },
      { kind: 'file', name: 'src/b.ts', change: 'removed' },
      { kind: 'file', name: 'src/new.ts', change: 'added' },
    ]);
    expect(explainFingerprints(after, before).map((d) => d.change)).toEqual([
      'changed',
      'added',
      'changed',
      'removed',
      'removed',
      'changed',
      'changed',
      'changed',
      'changed',
      'added',
      'removed',
    ]);
  });

  it('tells a command set from none', () => {
    expect(explainFingerprints(manifest({ command: null }), manifest())).toEqual([
      { kind: 'command', name: 'command', change: 'added' },
    ]);
  });
});

describe('formatExplanation', () => {
  it('says so when nothing differs', () => {
    const text = formatExplanation(manifest(), manifest(), []);
    expect(text).toBe(
      [
        `before: ${manifest().fingerprint} (suite unit)`,
        `after:  ${manifest().fingerprint} (suite unit)`,
        'The fingerprints are the same: nothing the suite depends on changed.',
      ].join('\n'),
    );
  });

  it('shows old and new values where they are safe to show, never a variable value', () => {
    const before = manifest();
    const after = manifest({
      files: { 'src/a.ts': hash('d'), 'src/c.ts': hash('c') },
      env: { CI: hash('3'), TOKEN: null, UNSET: hash('4') },
      command: 'npm test -- --ci',
      runtimes: { node: 'v24.2.0', os: 'linux-x64' },
    });
    const lines = formatExplanation(before, after, explainFingerprints(before, after)).split('\n');
    expect(lines.slice(2)).toEqual([
      '7 inputs differ:',
      '  command changed: "npm test" -> "npm test -- --ci"',
      '  runtime node changed: v24.1.0 -> v24.2.0',
      '  env CI changed value',
      '  env TOKEN changed: set -> unset',
      '  env UNSET changed: unset -> set',
      '  file changed: src/a.ts',
      '  file removed: src/b.ts',
    ]);
    expect(lines).toHaveLength(10);
    // Not even the value hashes: a hash of a short secret can be guessed.
    for (const value of [hash('1'), hash('2'), hash('3'), hash('4')]) expect(lines.join('\n')).not.toContain(value);
  });

  it('names a renamed suite, a variable added to the list and a runtime no longer needed', () => {
    const before = manifest();
    const after = manifest({
      suite: 'integration',
      env: { ...before.env, NEW: null },
      runtimes: { os: 'linux-x64' },
    });
    const text = formatExplanation(before, after, explainFingerprints(before, after));
    expect(text).toContain('  suite renamed: "unit" -> "integration"');
    expect(text).toContain('  env NEW added to the list (unset)');
    expect(text).toContain('  runtime node removed: v24.1.0 -> (not needed)');
  });

  it('cuts long lists per kind and counts the rest', () => {
    const files = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`f${String(i).padStart(2, '0')}.ts`, hash('a')]),
    );
    const before = manifest({ files });
    const after = manifest({ files: {}, command: 'other' });
    const text = formatExplanation(before, after, explainFingerprints(before, after), { maxPerKind: 5 });
    expect(text.split('\n').slice(2)).toEqual([
      '31 inputs differ:',
      '  command changed: "npm test" -> "other"',
      '  file removed: f00.ts',
      '  file removed: f01.ts',
      '  file removed: f02.ts',
      '  file removed: f03.ts',
      '  file removed: f04.ts',
      '  ... and 25 more file differences',
    ]);
  });

  it('flags different fingerprints over equal inputs', () => {
    const after = { ...manifest(), fingerprint: `sha256:${hash('f')}` };
    expect(formatExplanation(manifest(), after, [])).toContain('different versions of ccm');
  });
});
