import { describe, expect, it } from 'vitest';
import { type DependencyState, SAVE_ON_FAILURE_VARIABLE, saveDecision } from '../../src/step/dependencies';
import { resolveUserPath } from '../../src/step/paths';
import { parseStoreSpec } from '../../src/step/stores';

const state = (overrides: Partial<DependencyState> = {}): DependencyState => ({
  key: 'ccm-deps-linux-x64-npm-abc',
  paths: [process.cwd()],
  readOnly: false,
  saveOnFailure: false,
  strict: false,
  store: 'github',
  ...overrides,
});

describe('saveDecision: when the post step saves', () => {
  it('saves a miss and a restore-key hit when the paths exist', () => {
    expect(saveDecision(state(), {})).toEqual({ save: true });
    expect(saveDecision(state({ matchedKey: 'ccm-deps-linux-x64-npm-' }), {})).toEqual({ save: true });
  });
  it('never saves over an exact hit, when read-only, or when nothing exists to save', () => {
    expect(saveDecision(state({ matchedKey: 'ccm-deps-linux-x64-npm-abc' }), {})).toMatchObject({
      save: false,
      reason: expect.stringMatching(/exact key/),
    });
    expect(saveDecision(state({ readOnly: true }), {})).toMatchObject({ reason: expect.stringMatching(/read-only/) });
    expect(saveDecision(state({ paths: ['/no/such/folder/ccm'] }), {})).toMatchObject({
      reason: expect.stringMatching(/none of the paths exist/),
    });
  });
  it('keeps out when another step asked for save-on-failure and this one did not (the job may have failed)', () => {
    const env = { [SAVE_ON_FAILURE_VARIABLE]: 'true' };
    expect(saveDecision(state(), env)).toMatchObject({ save: false, reason: expect.stringMatching(/save-on-failure/) });
    expect(saveDecision(state({ saveOnFailure: true }), env)).toEqual({ save: true });
  });
});

describe('parseStoreSpec', () => {
  const inActions = { inActions: true, workspace: '/work/space' };
  it('defaults to the GitHub cache service inside Actions only', () => {
    expect(parseStoreSpec('', inActions)).toEqual({ kind: 'github' });
    expect(parseStoreSpec(undefined, inActions)).toEqual({ kind: 'github' });
    expect(() => parseStoreSpec('', { ...inActions, inActions: false })).toThrow(/input store: is required outside/);
  });
  it('reads dir: paths, relative ones from the workspace', () => {
    expect(parseStoreSpec('dir:/srv/cache', inActions)).toEqual({ kind: 'dir', root: '/srv/cache' });
    expect(parseStoreSpec('dir:.cache/ccm', inActions)).toEqual({ kind: 'dir', root: '/work/space/.cache/ccm' });
  });
  it('names the input and the value it could not read', () => {
    expect(() => parseStoreSpec('s3://bucket', inActions)).toThrow(
      /input store: expected github or dir:\/path, got 's3:\/\/bucket'/,
    );
    expect(() => parseStoreSpec('dir:', inActions)).toThrow(/input store: dir: needs a folder/);
  });
});

describe('resolveUserPath: path entries as actions/cache users write them', () => {
  it('expands ~, keeps absolute paths and resolves the rest from the working folder', () => {
    expect(resolveUserPath('~/.npm', '/w', '/home/u')).toBe('/home/u/.npm');
    expect(resolveUserPath('~', '/w', '/home/u')).toBe('/home/u');
    expect(resolveUserPath('/opt/cache', '/w', '/home/u')).toBe('/opt/cache');
    expect(resolveUserPath('node_modules', '/w', '/home/u')).toBe('/w/node_modules');
  });
});
