import { describe, expect, it } from 'vitest';
import { namesPullRequestCode, untrustedPart } from '../src/untrusted';
import { parseUses } from '../src/uses';

describe('untrustedPart', () => {
  it.each([
    ['github.event.issue.title', 'attacker'],
    ['github.event.pull_request.body', 'attacker'],
    ['github.event.discussion.title', 'attacker'],
    ['github.event.review_comment.body', 'attacker'],
    ['github.event.pages[0].page_name', 'attacker'],
    ['github.event.commits[0].author.email', 'attacker'],
    ['github.event.head_commit.message', 'attacker'],
    ['github.event.pull_request.head.label', 'attacker'],
    ['github.event.workflow_run.head_branch', 'attacker'],
    ["format('{0}', github.head_ref)", 'attacker'],
    ['github.event.inputs.target', 'caller'],
    ['inputs.version', 'caller'],
    ['steps.meta.outputs.title', 'caller'],
  ])('%s is %s-controlled', (expression, trust) => {
    expect(untrustedPart(expression)?.trust).toBe(trust);
  });

  it.each([
    'github.event.issue.number',
    'github.event.pull_request.head.sha',
    'github.sha',
    'secrets.TOKEN',
    'runner.os',
    'matrix.node',
  ])('%s is not untrusted text', (expression) => {
    expect(untrustedPart(expression)).toBeUndefined();
  });
});

describe('namesPullRequestCode', () => {
  it.each([
    // The source text of `with: ref:`; the `${{ }}` around an expression does not matter here.
    ['github.event.pull_request.head.sha', true],
    ['github.head_ref', true],
    ['refs/pull/42/merge', true],
    ['github.event.workflow_run.head_sha', true],
    ['github.event.pull_request.base.sha', false],
    ['main', false],
  ])('%s → %s', (ref, expected) => {
    expect(namesPullRequestCode(ref)).toBe(expected);
  });
});

describe('parseUses', () => {
  it.each([
    ['./.github/actions/setup', { kind: 'local' }],
    ['docker://alpine:3.20', { kind: 'docker', pinned: false }],
    [`docker://alpine@sha256:${'a'.repeat(64)}`, { kind: 'docker', pinned: true }],
    [
      'actions/checkout@v4',
      { kind: 'repository', owner: 'actions', repo: 'checkout', path: '', ref: 'v4', pinned: false },
    ],
    [`o/r/sub/dir@${'0'.repeat(40)}`, { kind: 'repository', path: '/sub/dir', pinned: true }],
    [`o/r@${'A'.repeat(40)}`, { kind: 'repository', pinned: false }],
    ['o/r@abc1234', { kind: 'repository', pinned: false }],
  ])('%s', (text, expected) => {
    expect(parseUses(text)).toMatchObject(expected);
  });

  it('is undefined for what is not a uses reference', () => {
    expect(parseUses('checkout')).toBeUndefined();
    expect(parseUses('actions/checkout')).toBeUndefined();
  });
});
