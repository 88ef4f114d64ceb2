import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import { applyBytes, applyJson, byteMutation, type JsonValue, jsonMutation, jsonPaths, survives } from './fuzz-helpers';
import { checkFinding, ownFixture, parseReport, sharedFixtures } from './helpers';

/** One valid report per parser; mutated thousands of times, it must never crash or pass garbage. */
const bases: { format: string; file: string }[] = [
  { format: 'sarif', file: ownFixture('security', 'sarif-edge-cases.sarif') },
  { format: 'trivy', file: ownFixture('security', 'trivy-misconfig-secrets.json') },
  { format: 'bandit', file: ownFixture('security', 'bandit-1.6.2.json') },
  { format: 'npm-audit', file: join(sharedFixtures, 'npm-audit/npm-cli-arborist-all-severity-levels.json') },
  { format: 'pip-audit', file: join(sharedFixtures, 'pip-audit/pip-audit-legacy-list-many-vulns.json') },
  { format: 'grype', file: join(sharedFixtures, 'grype/grype-golden-TestJsonImgsPresenter.json') },
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'security-fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = async (file: string) => (await parseReport(file, 'security')).result;
const check = (result: Awaited<ReturnType<typeof parse>>) => {
  if (!Array.isArray(result.findings)) throw new Error('no findings array');
  result.findings.forEach(checkFinding);
};

describe('security parsers under mutation', () => {
  for (const { format, file } of bases) {
    // The shared fixtures' bases count as conformance cases: absent, they show as not run.
    const suite = file.startsWith(sharedFixtures) ? describeConformance.bind(null, format) : describe;
    suite(format, () => {
      it('survives byte damage', async () => {
        const base = readFileSync(file);
        await fc.assert(
          fc.asyncProperty(byteMutation(base.length), (m) => survives(dir, applyBytes(base, m), parse, check)),
          { numRuns: 1000 },
        );
      });
      it('survives dropped keys and replaced values', async () => {
        const doc = JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
        const paths = jsonPaths(doc);
        await fc.assert(
          fc.asyncProperty(jsonMutation(paths.length), ({ path, replacement }) => {
            const mutated = applyJson(doc, paths[path] ?? [], replacement);
            return survives(dir, JSON.stringify(mutated), parse, check);
          }),
          { numRuns: 1500 },
        );
      });
    });
  }
});
