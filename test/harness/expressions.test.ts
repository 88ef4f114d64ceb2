import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './expressions';

describe('evaluateCondition: the post-if subset of the runner expression language', () => {
  it('knows the status functions', () => {
    expect(evaluateCondition('always()', 'failure')).toBe(true);
    expect(evaluateCondition('success()', 'success')).toBe(true);
    expect(evaluateCondition('success()', 'failure')).toBe(false);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
    expect(evaluateCondition('${{ failure() }}', 'failure')).toBe(true);
    expect(evaluateCondition('!cancelled()', 'failure')).toBe(true);
  });
  it('reads env, compares strings case-insensitively, and treats a missing variable as null', () => {
    const condition = "success() || env.SAVE == 'true'";
    expect(evaluateCondition(condition, 'failure', { SAVE: 'true' })).toBe(true);
    expect(evaluateCondition(condition, 'failure', { SAVE: 'TRUE' })).toBe(true);
    expect(evaluateCondition(condition, 'failure', { SAVE: 'false' })).toBe(false);
    expect(evaluateCondition(condition, 'failure', {})).toBe(false);
    expect(evaluateCondition(condition, 'success', {})).toBe(true);
    expect(evaluateCondition("env.A != 'x' && (failure() || env.B)", 'success', { B: 'yes' })).toBe(true);
    expect(evaluateCondition("'it''s' == 'IT''S'", 'success')).toBe(true);
  });
  it('refuses what it does not know rather than guess', () => {
    expect(() => evaluateCondition('github.event.inputs.x', 'success')).toThrow(/unsupported/);
    expect(() => evaluateCondition('success() ||', 'success')).toThrow(/unexpected end/);
    expect(() => evaluateCondition('(success()', 'success')).toThrow(/missing '\)'/);
  });
});
