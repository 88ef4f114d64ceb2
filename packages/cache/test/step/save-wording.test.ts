import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeRuntime } from '../../../../test/support/fake-runtime';
import { type CacheContext, cacheStep } from '../../src/step/index';

/** A project with an npm lock, and a directory store, restored inside Actions or from the CLI. */
function context(inActions: boolean): { context: CacheContext; store: string } {
  const workspace = mkdtempSync(join(tmpdir(), 'ccm-wording-'));
  writeFileSync(join(workspace, 'package.json'), '{"name":"w","version":"1.0.0"}\n');
  writeFileSync(
    join(workspace, 'package-lock.json'),
    JSON.stringify({ name: 'w', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': {} } }),
  );
  return {
    store: `dir:${mkdtempSync(join(tmpdir(), 'ccm-wording-store-'))}`,
    context: {
      workspace,
      tempDir: mkdtempSync(join(tmpdir(), 'ccm-wording-temp-')),
      env: { ...process.env, npm_config_cache: join(workspace, '.npm-cache') },
      inActions,
      fromFork: false,
    },
  };
}

describe('who saves after a restore, in words that fit where it runs', () => {
  it('outside Actions: ccm cache save, never "the post step"', async () => {
    const { context: cli, store } = context(false);
    const { runtime, record } = fakeRuntime({ store });
    await cacheStep(runtime, cli);
    expect(record.summary).toContain('`ccm cache save` saves');
    expect(record.summary).not.toContain('post step');
  });

  it('inside Actions: the post step', async () => {
    const { context: action, store } = context(true);
    const { runtime, record } = fakeRuntime({ store });
    await cacheStep(runtime, action);
    expect(record.summary).toContain('the post step saves');
  });
});
