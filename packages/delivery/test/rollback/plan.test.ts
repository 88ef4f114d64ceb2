import { describe, expect, it } from 'vitest';
import type { Release, ReleaseOutcome } from '../../src/ledger';
import { planRollback, rollbackOfRun, substitute } from '../../src/rollback';

let nextId = 100;
function release(version: string, outcome: ReleaseOutcome, extra: Partial<Release> = {}): Release {
  const id = String(nextId--);
  return {
    id,
    environment: 'production',
    version,
    outcome,
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    ...extra,
  };
}

describe('planRollback', () => {
  it('goes back from the running release to the newest good one of another version', () => {
    const history = [release('v3', 'success'), release('v2', 'success'), release('v1', 'success')];
    const plan = planRollback(history, 'production');
    expect([plan.current?.version, plan.target.version]).toEqual(['v3', 'v2']);
  });

  it('skips failed releases and earlier releases of the running version', () => {
    const history = [
      release('v4', 'failure'),
      release('v3', 'success'),
      release('v3', 'success'),
      release('v2', 'failure'),
      release('v1', 'success'),
    ];
    const plan = planRollback(history, 'production');
    expect([plan.current?.version, plan.target.version]).toEqual(['v3', 'v1']);
  });

  it('treats an in-progress release as the running one', () => {
    const plan = planRollback([release('v5', 'in_progress'), release('v4', 'success')], 'production');
    expect([plan.current?.version, plan.target.version]).toEqual(['v5', 'v4']);
  });

  it('goes to the version asked for, or says which of its releases exist', () => {
    const history = [
      release('v3', 'success'),
      release('v2', 'success'),
      release('v1', 'success'),
      release('v0', 'failure'),
    ];
    expect(planRollback(history, 'production', 'v1').target.version).toBe('v1');
    expect(() => planRollback(history, 'production', 'v0')).toThrow(
      /input to: production has no successful release of v0; its releases: \d+ \(failure\)/,
    );
    expect(() => planRollback(history, 'production', 'v9')).toThrow(/no successful release of v9$/);
  });

  it('refuses clearly when there is nothing to go back to', () => {
    expect(() => planRollback([], 'production')).toThrow(
      'production has no releases in the ledger: nothing to roll back to',
    );
    expect(() =>
      planRollback([release('v1', 'success'), release('v1', 'success'), release('v0', 'failure')], 'production'),
    ).toThrow('production has no successful release other than the current one (v1) among 3: nothing to roll back to');
  });
});

describe('rollbackOfRun', () => {
  it("finds this run's own rollback, and nothing without a run id", () => {
    const history = [
      release('v2', 'success', { source: 'rollback', runId: '77' }),
      release('v3', 'success', { runId: '78' }),
    ];
    expect(rollbackOfRun(history, '77')?.version).toBe('v2');
    expect(rollbackOfRun(history, '78')).toBeUndefined();
    expect(rollbackOfRun(history, undefined)).toBeUndefined();
  });
});

describe('substitute', () => {
  it('replaces the placeholders inside one argument, and leaves other braces alone', () => {
    const target = release('v2', 'success', { digest: `sha256:${'c'.repeat(64)}`, commit: 'abc123' });
    expect(substitute('--image=app@{{ digest }}', target)).toBe(`--image=app@sha256:${'c'.repeat(64)}`);
    expect(substitute('{{version}}-{{ commit }}-{{ other }}', target)).toBe('v2-abc123-{{ other }}');
    expect(substitute('{{ commit }}', release('v1', 'success'))).toBe('');
  });
});
