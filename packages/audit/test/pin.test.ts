import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditWorkflow, parsePinLock, pinWorkflow } from '../src/index';

const SETUP_NODE = '49933ea5288caeca8642d1e84afbd3f7d6820020';
const CHECKOUT = 'b4ffde65f46336ab88eb53be808477a3936bae11';
const REUSABLE = '0123456789abcdef0123456789abcdef01234567';

const lock = parsePinLock(
  'pins.json',
  JSON.stringify({
    'actions/setup-node@v4': SETUP_NODE,
    'actions/checkout@v7': CHECKOUT,
    'some-org/workflows@v1': REUSABLE,
  }),
);

const workflow = [
  '# keep this comment',
  'name: pin me',
  'on: push',
  'permissions: {contents: read}',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    timeout-minutes: 5',
  '    steps:',
  '      - uses: actions/setup-node@v4   # old comment',
  "      - uses: 'actions/checkout@v7'",
  '      - {uses: "actions/checkout@v7", with: {persist-credentials: false}}',
  '      - uses: some-org/unknown@v2',
  '      - uses: ./local',
  `      - uses: actions/cache@${'a'.repeat(40)} # v4`,
  '  call:',
  '    uses: some-org/workflows/.github/workflows/ci.yml@v1',
  '',
].join('\r\n');

describe('pinWorkflow', () => {
  const result = pinWorkflow('ci.yml', workflow, lock);

  it('changes only the pinned refs (and their version comments), every other byte kept', () => {
    const before = workflow.split('\r\n');
    const after = result.text.split('\r\n');
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, index) => (line === before[index] ? [] : [index + 1]));
    expect(changed).toEqual([10, 11, 12, 17]);
    expect(after[9]).toBe(`      - uses: actions/setup-node@${SETUP_NODE} # v4`);
    expect(after[10]).toBe(`      - uses: 'actions/checkout@${CHECKOUT}' # v7`);
    expect(after[11]).toBe(`      - {uses: "actions/checkout@${CHECKOUT}", with: {persist-credentials: false}} # v7`);
    expect(after[16]).toBe(`    uses: some-org/workflows/.github/workflows/ci.yml@${REUSABLE} # v1`);
  });

  it('reports what the lock does not know, and pins nothing it does not know', () => {
    expect(result.missing).toEqual([{ line: 13, uses: 'some-org/unknown@v2' }]);
    expect(result.pinned.map((pin) => pin.line)).toEqual([10, 11, 12, 17]);
  });

  it('leaves a valid workflow whose only unpinned action is the one the lock lacks', () => {
    const findings = auditWorkflow('ci.yml', result.text).filter((finding) => finding.rule === 'unpinned-action');
    expect(findings.map((finding) => finding.line)).toEqual([13]);
  });

  it('is idempotent: a pinned file pins to itself', () => {
    const again = pinWorkflow('ci.yml', result.text, lock);
    expect(again.text).toBe(result.text);
    expect(again.pinned).toEqual([]);
  });

  it('round-trips a real workflow byte for byte apart from the pinned lines', () => {
    const file = join(import.meta.dirname, 'fixtures', 'real', 'actions-checkout-test.yml');
    const original = readFileSync(file, 'utf8');
    const pinned = pinWorkflow(file, original, lock);
    const before = original.split('\n');
    const after = pinned.text.split('\n');
    const changed = after.flatMap((line, index) => (line === before[index] ? [] : [index]));
    expect(changed.length).toBe(pinned.pinned.length);
    expect(changed.length).toBeGreaterThan(0);
    for (const index of changed) {
      expect(after[index]).toBe(
        before[index]!.replace(/@v(\d+)$/, (_, major) => `@${major === '7' ? CHECKOUT : SETUP_NODE} # v${major}`),
      );
    }
  });
});

describe('parsePinLock', () => {
  it('reads YAML as well as JSON', () => {
    expect(parsePinLock('pins.yml', `actions/checkout@v7: ${CHECKOUT}\n`).get('actions/checkout@v7')).toBe(CHECKOUT);
  });

  it('refuses a SHA that is not 40 hex, naming the file, line and entry', () => {
    expect(() => parsePinLock('pins.yml', `actions/checkout@v7: ${CHECKOUT}\nactions/cache@v4: abc123\n`)).toThrow(
      "pins.yml:2: actions/cache@v4: 'abc123' is not a full 40-hex commit SHA",
    );
    expect(() => parsePinLock('pins.yml', `actions/cache@v4: ${CHECKOUT.toUpperCase()}\n`)).toThrow(
      /not a full 40-hex/,
    );
  });

  it('refuses a key that is not owner/repo@ref, and a file that is not a map', () => {
    expect(() => parsePinLock('pins.yml', `checkout: ${CHECKOUT}\n`)).toThrow(
      "pins.yml:1: 'checkout' is not owner/repo@ref",
    );
    expect(() => parsePinLock('pins.yml', '- a\n')).toThrow(/expected a map/);
    expect(() => parsePinLock('pins.json', '{"a": ')).toThrow(/^pins\.json:1:\d+: not JSON or YAML/);
  });
});
