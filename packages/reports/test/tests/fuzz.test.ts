import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { TestReport } from '../../src/model';
import { applyBytes, byteMutation, survives } from '../security/fuzz-helpers';
import { ownFixture, parseReport } from '../security/helpers';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tests-fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = async (file: string) => (await parseReport(file, 'tests')).result;

/** What every case must look like whatever the input: the "never pass garbage" invariant. */
function check(report: TestReport): void {
  for (const c of report.cases) {
    const ok =
      typeof c.name === 'string' &&
      c.name !== '' &&
      typeof c.suite === 'string' &&
      ['passed', 'failed', 'error', 'skipped'].includes(c.outcome) &&
      (c.durationSeconds === undefined || (Number.isFinite(c.durationSeconds) && c.durationSeconds >= 0)) &&
      (c.line === undefined || (Number.isInteger(c.line) && c.line >= 1)) &&
      (c.message === undefined || (typeof c.message === 'string' && c.message.length <= 2000));
    if (!ok) throw new Error(`malformed case ${JSON.stringify(c)}`);
  }
}

describe('test-result parsers under mutation', () => {
  for (const name of ['surefire.xml', 'node-junit.xml', 'go-test-count-panic.out']) {
    it(`survives byte damage to ${name}`, async () => {
      const base = readFileSync(ownFixture('tests', name));
      await fc.assert(
        fc.asyncProperty(byteMutation(base.length), (m) => survives(dir, applyBytes(base, m), parse, check)),
        { numRuns: 1000 },
      );
    });
  }

  it('survives dropped, duplicated and altered go test events', async () => {
    const lines = readFileSync(ownFixture('tests', 'go-test-count-panic.out'), 'utf8').split('\n');
    const edit = fc.record({
      at: fc.nat({ max: lines.length - 1 }),
      kind: fc.constantFrom('drop', 'duplicate', 'action', 'value'),
      action: fc.constantFrom('run', 'pass', 'fail', 'skip', 'output', 'build-fail', 'bogus', ''),
      value: fc.jsonValue({ maxDepth: 1 }),
      key: fc.constantFrom('Action', 'Package', 'Test', 'Output', 'Elapsed', 'ImportPath', 'FailedBuild'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        const mutated = [...lines];
        for (const e of edits) {
          const line = mutated[e.at];
          if (line === undefined) continue;
          if (e.kind === 'drop') mutated.splice(e.at, 1);
          else if (e.kind === 'duplicate') mutated.splice(e.at, 0, line);
          else if (line.startsWith('{')) {
            const event = JSON.parse(line) as Record<string, unknown>;
            if (e.kind === 'action') event.Action = e.action;
            else event[e.key] = e.value;
            mutated[e.at] = JSON.stringify(event);
          }
        }
        await survives(dir, mutated.join('\n'), parse, check, 'events.out');
      }),
      { numRuns: 1500 },
    );
  });
});
