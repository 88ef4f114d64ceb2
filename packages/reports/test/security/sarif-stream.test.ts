import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import { detectFormat } from '../../src/detect';
import { jsonHeadMembers } from '../../src/json-stream';
import { loadSecurity } from '../../src/load';
import type { SecurityFinding } from '../../src/model';
import { readSarif } from '../../src/security/sarif';
import { trimResult } from '../../src/security/sarif-result';
import { streamSarif } from '../../src/security/sarif-stream';
import { parseJsonText, STREAM_JSON_BYTES, stripBom } from '../../src/source';
import { applyBytes, applyJson, byteMutation, type JsonValue, jsonMutation, jsonPaths } from './fuzz-helpers';
import { filesIn, ownFixture, sharedFixtures } from './helpers';

/**
 * The streaming SARIF reader (for logs over STREAM_JSON_BYTES) against the whole-document one: the
 * same findings on every log, the same refusals, and FileErrors with byte offsets for broken JSON.
 */

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sarif-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let written = 0;
const write = async (content: unknown) => {
  const file = join(dir, `log-${written++}.sarif`);
  await writeFile(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return file;
};

const whole = (file: string) => readSarif(file, parseJsonText(file, stripBom(readFileSync(file, 'utf8'))));
const streamed = async (file: string) => (await streamSarif(file)).findings;

/** What either reader does with a file: its findings, or the reason of its FileError. */
async function outcome(read: () => SecurityFinding[] | Promise<SecurityFinding[]>) {
  try {
    return { findings: await read() };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return { error: error.reason };
  }
}

const sharedSarif = join(sharedFixtures, 'sarif');

describeConformance('sarif', 'streaming = whole document, on real tool outputs', () => {
  for (const file of existsSync(sharedSarif) ? filesIn(sharedSarif, /\.sarif$/) : []) {
    it(file.split('/').pop() ?? file, async () => {
      const expected = whole(file);
      expect(expected.length).toBeGreaterThan(0);
      expect(await streamed(file)).toEqual(expected);
      // Detected by its head when treated as big, and parsed by streaming then.
      const detected = await detectFormat(file, 'security', { streamJsonBytes: 0 });
      expect(detected.format.id).toBe('sarif');
      expect(detected.json).toBeUndefined();
      const parsed = await detected.format.parse({ file, root: dir, head: detected.head, sink: () => {} });
      expect(parsed.findings).toEqual(expected);
    });
  }
});

describe('streaming = whole document, on our fixtures', () => {
  const file = ownFixture('security', 'sarif-edge-cases.sarif');

  it('sarif-edge-cases.sarif', async () => {
    const expected = whole(file);
    expect(expected).toHaveLength(7);
    expect(await streamed(file)).toEqual(expected);
  });

  it('trimming a result (held before its tool) changes nothing', () => {
    const log = JSON.parse(readFileSync(file, 'utf8')) as { runs: { results: unknown[] }[] };
    const trimmed = { ...log, runs: log.runs.map((run) => ({ ...run, results: run.results.map(trimResult) })) };
    expect(readSarif(file, trimmed)).toEqual(whole(file));
  });

  it('survives byte damage: a FileError or the findings the whole reader gives', async () => {
    const base = readFileSync(file);
    await fc.assert(
      fc.asyncProperty(byteMutation(base.length), async (m) => {
        const bytes = applyBytes(base, m);
        const mutated = await write(bytes);
        const b = await outcome(() => streamed(mutated));
        const a = await outcome(() => whole(mutated));
        // The streaming parser rejects invalid UTF-8 where readFile decodes it to U+FFFD.
        const utf8 = Buffer.from(bytes.toString('utf8')).equals(bytes);
        if (utf8) expect('error' in b).toBe('error' in a);
        if (a.findings && b.findings) expect(b.findings).toEqual(a.findings);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('member order within a run', () => {
  const expected = (tool: string) => [
    { tool, id: 'R1', severity: 'high', message: 'by uri', file: '/repo/src/a.js', line: 3 },
    { tool, id: 'R1', severity: 'high', message: 'by artifact', file: '/repo/src/listed.js', line: 4 },
    { tool, id: 'R2', severity: 'low', message: 'unlisted rule' },
  ];

  it('reads results before the tool, and context after the results (second pass)', async () => {
    const log = memberOrderLog();
    const file = await write(JSON.stringify(log, null, 1));
    const all = [...expected('T'), ...expected('U'), ...expected('V')];
    expect(whole(file)).toEqual(all);
    expect(await streamed(file)).toEqual(all);
    // More results before the tool than are held: those runs are read again in a second pass.
    expect((await streamSarif(file, { holdLimit: 2 })).findings).toEqual(all);
  });

  it('refuses a run member given twice (JSON.parse would keep the last silently)', async () => {
    const text = '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"T"}},"results":[],"results":[]}]}';
    await expect(streamSarif(await write(text))).rejects.toThrow(/runs\[0\]\.results: given twice/);
  });
});

describe('agreement under thousands of structural mutations (same findings, or both refuse)', () => {
  const docs: Record<string, () => JsonValue> = {
    'sarif-edge-cases.sarif': () => JSON.parse(readFileSync(ownFixture('security', 'sarif-edge-cases.sarif'), 'utf8')),
    'members in every order': () => JSON.parse(JSON.stringify(memberOrderLog())),
  };
  for (const [name, doc] of Object.entries(docs)) {
    it(name, async () => {
      const base = doc();
      const paths = jsonPaths(base);
      await fc.assert(
        fc.asyncProperty(jsonMutation(paths.length), async ({ path, replacement }) => {
          const mutated = await write(applyJson(base, paths[path] ?? [], replacement));
          const a = await outcome(() => whole(mutated));
          for (const holdLimit of [50_000, 1]) {
            const b = await outcome(async () => (await streamSarif(mutated, { holdLimit })).findings);
            expect('error' in b).toBe('error' in a);
            if (a.findings) expect(b.findings).toEqual(a.findings);
          }
        }),
        { numRuns: 600 },
      );
    });
  }
});

/**
 * A log whose runs order their members every way that matters: keys sorted as Semgrep writes them
 * (results held until the tool), everything after the results, and the tool first but the base ids and
 * artifacts last (results converted early, then read again).
 */
function memberOrderLog() {
  const tool = { driver: { name: 'T', rules: [{ id: 'R1', defaultConfiguration: { level: 'error' } }] } };
  const named = (name: string) => ({ driver: { ...tool.driver, name } });
  const baseIds = { SRC: { uri: 'file:///repo/src/' } };
  const artifacts = [{ location: { uri: 'listed.js', uriBaseId: 'SRC' } }];
  const results = [
    { ruleIndex: 0, message: { text: 'by uri' }, locations: [loc({ uri: 'a.js', uriBaseId: 'SRC' }, 3)] },
    { ruleId: 'R1', message: { text: 'by artifact' }, locations: [loc({ index: 0 }, 4)] },
    { ruleId: 'R1', message: { text: 'suppressed' }, suppressions: [{ kind: 'external' }] },
    { ruleId: 'R2', level: 'note', message: { text: 'unlisted rule' }, codeFlows: [{ threadFlows: [] }] },
  ];
  return {
    version: '2.1.0',
    runs: [
      { artifacts, originalUriBaseIds: baseIds, results, tool },
      { results, tool: named('U'), originalUriBaseIds: baseIds, artifacts },
      { tool: named('V'), results, artifacts, originalUriBaseIds: baseIds },
      { tool, results: [] },
    ],
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  };
}

function loc(artifactLocation: object, startLine: number) {
  return { physicalLocation: { artifactLocation, region: { startLine, snippet: { text: 'x' } } } };
}

describe('refusals: the same reason from both readers', () => {
  const result = { ruleId: 'R', message: { text: 'm' } };
  const driver = { tool: { driver: { name: 'T' } } };
  const cases: Record<string, object> = {
    'unsupported version': { version: '2.0.0', runs: [] },
    'no version': { runs: [{ ...driver, results: [] }] },
    'no runs': { version: '2.1.0' },
    'runs not an array': { version: '2.1.0', runs: { a: { ...driver, results: [] } } },
    'run not an object': { version: '2.1.0', runs: [[1, 2]] },
    'results absent': { version: '2.1.0', runs: [driver] },
    'results null': { version: '2.1.0', runs: [{ ...driver, results: null }] },
    'results an object': { version: '2.1.0', runs: [{ ...driver, results: { a: result } }] },
    'no tool': { version: '2.1.0', runs: [{ results: [result] }] },
    'tool without a name': { version: '2.1.0', runs: [{ results: [], tool: { driver: {} } }] },
    'result without a message': { version: '2.1.0', runs: [{ ...driver, results: [result, { ruleId: 'R' }] }] },
    'unknown level': { version: '2.1.0', runs: [{ ...driver, results: [{ ...result, level: 'fatal' }] }] },
  };
  for (const [name, log] of Object.entries(cases)) {
    it(name, async () => {
      const file = await write(log);
      const a = await outcome(() => whole(file));
      expect(a.error).toBeDefined();
      expect(await outcome(() => streamed(file))).toEqual(a);
    });
  }
});

describe('broken JSON: FileErrors with the byte offset and line', () => {
  const fixture = readFileSync(ownFixture('security', 'sarif-edge-cases.sarif'));

  async function failure(content: Buffer | string): Promise<FileError> {
    const error = await streamSarif(await write(content)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    return error as FileError;
  }

  it('a truncated file, cut anywhere, ends inside the document', async () => {
    for (const at of [1, 100, 1500, fixture.length - 30, fixture.length - 2]) {
      const cut = fixture.subarray(0, at);
      const error = await failure(cut);
      expect(error.reason).toMatch(/^truncated JSON: the file ends \(byte \d+\) inside the document$/);
      expect(error.location.offset).toBe(at);
    }
  });

  it('a bad byte is located exactly', async () => {
    const text = fixture.toString('utf8');
    const at = text.indexOf('"results"');
    const broken = `${text.slice(0, at)}@${text.slice(at + 1)}`;
    const offset = Buffer.byteLength(text.slice(0, at));
    const error = await failure(broken);
    expect(error.location.offset).toBe(offset);
    expect(error.location.line).toBe(text.slice(0, at).split('\n').length);
    expect(error.message).toContain(`:${error.location.line}: malformed JSON: unexpected "@" (byte ${offset})`);
  });

  it('a misplaced token is located at the token', async () => {
    const text = '{\n  "version": "2.1.0",\n  "properties": {"sizes": [1 2]},\n  "runs": []\n}';
    const error = await failure(text);
    expect(error.reason).toBe(`malformed JSON: unexpected 2 (byte ${text.indexOf('2]')})`);
    expect(error.location.line).toBe(3);
  });

  it('content after the document, and invalid UTF-8, are refused', async () => {
    const after = await failure(`${fixture.toString('utf8')}\n{}`);
    expect(after.reason).toMatch(/unexpected "\{" after the end of the document \(byte \d+\)/);
    const bad = Buffer.concat([
      Buffer.from('{"version":"2.1.0","$schema":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    expect((await failure(bad)).reason).toMatch(/invalid UTF-8/);
    // Trailing white space and a byte-order mark are fine.
    const file = await write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture, Buffer.from('\n\n')]));
    expect(await streamed(file)).toEqual(whole(ownFixture('security', 'sarif-edge-cases.sarif')));
  });
});

describe('detection by the head', () => {
  it('reads the top-level members a head shows', () => {
    expect(jsonHeadMembers('{"$schema": "s", "version": "2.1.0", "runs": [{"tool": {"version": "9"')).toEqual({
      keys: ['$schema', 'version', 'runs'],
      scalars: { $schema: 's', version: '2.1.0' },
    });
    expect(jsonHeadMembers('[{"runs": []}]').keys).toEqual([]);
    expect(jsonHeadMembers('{"a": {"runs": 1}, "b": nul').keys).toEqual(['a', 'b']);
  });

  it('does not take another JSON report for SARIF', async () => {
    const trivy = ownFixture('security', 'trivy-misconfig-secrets.json');
    const detected = await detectFormat(trivy, 'security', { streamJsonBytes: 0 });
    expect(detected.format.id).toBe('trivy');
    expect(detected.json).toBeDefined();
  });
});

describe('a big log through loadSecurity', () => {
  it(`streams a generated ~80 MB log (over the ${STREAM_JSON_BYTES / 2 ** 20} MB threshold)`, async () => {
    const file = join(dir, 'big.sarif');
    const expected = writeBigSarif(file, 80 * 2 ** 20);
    const detected = await detectFormat(file, 'security');
    expect(detected.json).toBeUndefined();
    const { report, files } = await loadSecurity([file], { root: dir });
    expect(files).toEqual([{ file, format: 'sarif' }]);
    expect(report.findings).toHaveLength(expected.findings);
    expect(report.findings.filter((f) => f.severity === 'critical')).toHaveLength(expected.critical);
    expect(report.findings.at(-1)).toMatchObject({ tool: 'BigScanner', file: expect.stringMatching(/^src\//) });
    await rm(file);
  }, 30_000);
});

/**
 * A CodeQL-like log of about `bytes`, written in 1 MiB batches. Every 7th result is suppressed and
 * every 11th is a `pass`; the rest are findings, those of rule 0 critical.
 */
function writeBigSarif(file: string, bytes: number): { findings: number; critical: number } {
  const fd = openSync(file, 'w');
  let size = 0;
  let batch: string[] = [];
  let pending = 0;
  const out = (text: string) => {
    batch.push(text);
    pending += text.length;
    size += text.length;
    if (pending > 2 ** 20) flush();
  };
  const flush = () => {
    writeSync(fd, batch.join(''));
    batch = [];
    pending = 0;
  };
  const rules = Array.from({ length: 20 }, (_, i) => ({
    id: `big/rule-${i}`,
    defaultConfiguration: { level: 'warning' },
    properties: { 'security-severity': i === 0 ? '9.5' : '5.0' },
  }));
  out(
    `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"BigScanner","rules":${JSON.stringify(rules)}}},"results":[\n`,
  );
  let findings = 0;
  let critical = 0;
  for (let i = 0; size < bytes - 1000; i++) {
    const rule = i % rules.length;
    const suppressed = i % 7 === 0;
    const pass = !suppressed && i % 11 === 0;
    const at = {
      physicalLocation: {
        artifactLocation: { uri: `src/m${i % 997}.js`, uriBaseId: '%SRCROOT%' },
        region: { startLine: 1 + (i % 500) },
      },
    };
    const result = {
      ruleId: `big/rule-${rule}`,
      ruleIndex: rule,
      ...(pass ? { kind: 'pass' } : {}),
      message: { text: `Finding ${i} of rule ${rule}.` },
      locations: [at],
      ...(suppressed ? { suppressions: [{ kind: 'inSource', status: 'accepted' }] } : {}),
      partialFingerprints: { primaryLocationLineHash: `${i.toString(16).padStart(16, '0')}:1` },
      codeFlows: [{ threadFlows: [{ locations: Array.from({ length: 4 }, () => ({ location: at })) }] }],
    };
    out(`${i === 0 ? '' : ',\n'}${JSON.stringify(result)}`);
    if (!suppressed && !pass) {
      findings++;
      if (rule === 0) critical++;
    }
  }
  out(']}]}\n');
  flush();
  closeSync(fd);
  return { findings, critical };
}
