import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FileError } from '@ccm/toolkit/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itConformance, itWith, tool } from '../../../../test/support/requirements';
import type { SecurityFinding } from '../../src/model';
import { checkFinding, countSeverities, ownFixture, parseReport, sharedFixtures, tally } from './helpers';

const run = promisify(execFile);

async function findings(file: string, format: string): Promise<SecurityFinding[]> {
  const parsed = await parseReport(file, 'security');
  expect(parsed.format).toBe(format);
  parsed.result.findings.forEach(checkFinding);
  return parsed.result.findings;
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'security-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const write = async (name: string, content: string | Buffer | object) => {
  const file = join(dir, name);
  await writeFile(
    file,
    typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2),
  );
  return file;
};
const rejects = async (file: string, message: RegExp) => {
  const error = await parseReport(file, 'security').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FileError);
  expect((error as FileError).message).toMatch(message);
  expect((error as FileError).message).toContain(file);
};

describe('SARIF', () => {
  it('follows rules, extensions, base URIs, message strings, suppressions and kinds', async () => {
    const list = await findings(ownFixture('security', 'sarif-edge-cases.sarif'), 'sarif');
    expect(list).toEqual([
      {
        tool: 'ExampleScanner',
        id: 'EX001',
        severity: 'critical',
        message: 'Tainted value flows from req.query to db.query.',
        file: '/home/runner/work/app/app/src/server.js',
        line: 12,
      },
      {
        tool: 'ExampleScanner',
        id: 'PACK01',
        severity: 'high',
        message: 'Rule from an extension.',
        file: '/home/runner/work/app/app/src/lib/listed file.js',
        line: 4,
      },
      expect.objectContaining({ id: 'EX002', severity: 'low', file: '/opt/abs/path.py' }),
      expect.objectContaining({ id: 'EX003', severity: 'high' }),
      expect.objectContaining({
        id: 'EX002',
        severity: 'medium',
        message: 'A score on the result wins over the rule.',
      }),
      expect.objectContaining({ id: 'UNLISTED', severity: 'medium' }),
      expect.objectContaining({ id: 'EX002', severity: 'low', message: 'Level none.' }),
    ]);
  });

  itConformance('.', 'reads CodeQL severities from rules reached by rule.index', async () => {
    const list = await findings(join(sharedFixtures, 'sarif/codeql-2.12.6-js-vulnerable-node.sarif'), 'sarif');
    // js/hardcoded-credentials has security-severity 9.8; js/sql-injection 8.8.
    expect(list.find((f) => f.id === 'js/hardcoded-credentials')?.severity).toBe('critical');
    expect(list.filter((f) => f.id === 'js/sql-injection').every((f) => f.severity === 'high')).toBe(true);
    expect(list[0]).toMatchObject({ file: 'routes/login.js', line: 36 });
  });

  it('rejects what SARIF forbids or leaves undefined', async () => {
    const result = { ruleId: 'R', message: { text: 'm' } };
    const log = (runs: unknown[], version = '2.1.0') => ({ version, runs });
    const driver = { tool: { driver: { name: 'T' } } };
    await rejects(await write('v2.sarif', log([], '2.0.0')), /version: SARIF 2.0.0 is not supported/);
    await rejects(await write('nores.sarif', log([driver])), /runs\[0\]\.results: absent/);
    await rejects(
      await write('nomsg.sarif', log([{ ...driver, results: [{ ruleId: 'R' }] }])),
      /runs\[0\]\.results\[0\]\.message: expected an object/,
    );
    await rejects(
      await write('norule.sarif', log([{ ...driver, results: [{ message: { text: 'm' } }] }])),
      /names no rule/,
    );
    // A blank ruleId names no rule either (found by the mutation test).
    await rejects(
      await write('blank.sarif', log([{ ...driver, results: [{ ruleId: ' ', message: { text: 'm' } }] }])),
      /names no rule/,
    );
    await rejects(
      await write('level.sarif', log([{ ...driver, results: [{ ...result, level: 'fatal' }] }])),
      /unknown severity 'fatal'/,
    );
    await rejects(
      await write('index.sarif', log([{ ...driver, results: [{ ...result, ruleIndex: 3 }] }])),
      /rule index 3 is out of range/,
    );
    await rejects(
      await write(
        'score.sarif',
        log([{ ...driver, results: [{ ...result, properties: { 'security-severity': 'high' } }] }]),
      ),
      /security-severity: expected a score/,
    );
    await rejects(
      await write('noname.sarif', log([{ tool: { driver: {} }, results: [] }])),
      /runs\[0\]\.tool\.driver\.name/,
    );
  });
});

describe('npm audit', () => {
  itConformance('.', 'gives one finding per package with advisory ids and fixes', async () => {
    const list = await findings(join(sharedFixtures, 'npm-audit/audit-ci-npm7-allowlisted-path.json'), 'npm-audit');
    expect(list.find((f) => f.package === 'axios')).toEqual({
      tool: 'npm audit',
      id: 'GHSA-cph5-m8f7-6c5x, GHSA-4w2v-q235-vp99, GHSA-42xw-2xvc-qx8m',
      severity: 'high',
      message: 'Incorrect Comparison in axios; Server-Side Request Forgery in Axios; Denial of Service in axios',
      package: 'axios',
      fixedVersions: ['0.26.0'],
    });
    // Vulnerable only through axios: still a finding, as npm counts it; the fix is in another package.
    expect(list.find((f) => f.package === 'github-build')).toMatchObject({ id: 'via axios', severity: 'high' });
    expect(list.find((f) => f.package === 'github-build')?.fixedVersions).toBeUndefined();
    const arborist = await findings(
      join(sharedFixtures, 'npm-audit/npm-cli-arborist-all-severity-levels.json'),
      'npm-audit',
    );
    expect(arborist.find((f) => f.package === 'handlebars')?.id).toMatch(/^npm:1164, npm:1300, npm:1316, /);
  });

  it('refuses an npm 6 report with a clear message', async () => {
    await rejects(ownFixture('security', 'npm-audit-v1.json'), /npm 6 audit report .* npm 7 or later/);
  });

  it('rejects a v2 report missing what it must have', async () => {
    const base = { auditReportVersion: 2, metadata: {} };
    await rejects(
      await write('npm-sev.json', { ...base, vulnerabilities: { a: { severity: 'severe', via: ['b'] } } }),
      /vulnerabilities\["a"\]\.severity: unknown severity 'severe'/,
    );
    await rejects(
      await write('npm-via.json', { ...base, vulnerabilities: { a: { severity: 'low' } } }),
      /vulnerabilities\["a"\]\.via: expected an array/,
    );
    await rejects(
      await write('npm-ver.json', { ...base, auditReportVersion: 3, vulnerabilities: {} }),
      /auditReportVersion: version 3 is not supported/,
    );
  });
});

describe('pip-audit', () => {
  itConformance('.', 'reads both layouts to the same findings, all of unknown severity', async () => {
    const legacy = await findings(join(sharedFixtures, 'pip-audit/pip-audit-legacy-list-many-vulns.json'), 'pip-audit');
    const current = await findings(join(sharedFixtures, 'pip-audit/pip-audit-new-format-many-vulns.json'), 'pip-audit');
    expect(current).toEqual(legacy);
    expect(legacy[0]).toMatchObject({
      tool: 'pip-audit',
      id: 'PYSEC-2021-76',
      severity: 'unknown',
      package: 'aiohttp',
      version: '3.6.2',
      fixedVersions: ['3.7.4'],
    });
    const flask = await findings(join(sharedFixtures, 'pip-audit/pip-audit-2.9-vulnflask.json'), 'pip-audit');
    expect(flask[0]?.message).not.toMatch(/^#/);
    expect(flask.every((f) => f.message.length <= 500)).toBe(true);
  });

  it('rejects entries missing what they must have', async () => {
    await rejects(
      await write('pip-id.json', {
        dependencies: [{ name: 'a', version: '1', vulns: [{ fix_versions: [] }] }],
        fixes: [],
      }),
      /dependencies\[0\]\.vulns\[0\]\.id/,
    );
    await rejects(await write('pip-ver.json', [{ name: 'a', vulns: [] }]), /\[0\]\.version: expected a string/);
  });

  it('is not fooled by a CycloneDX SBOM (which has dependencies too)', async () => {
    const sbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [],
      dependencies: [{ ref: 'a', dependsOn: [] }],
    };
    await rejects(await write('bom.json', sbom), /JSON of no security format we read/);
  });
});

describe('Trivy', () => {
  it('includes failed misconfigurations and secrets, with lines', async () => {
    const list = await findings(ownFixture('security', 'trivy-misconfig-secrets.json'), 'trivy');
    expect(list).toEqual([
      expect.objectContaining({
        id: 'DS002',
        severity: 'high',
        file: 'Dockerfile',
        message: expect.stringMatching(/^Specify at least 1 USER/),
      }),
      expect.objectContaining({ id: 'DS001', severity: 'medium', file: 'Dockerfile', line: 1 }),
      expect.objectContaining({
        id: 'aws-access-key-id',
        severity: 'critical',
        file: 'deploy.sh',
        line: 3,
        message: 'AWS Access Key ID',
      }),
      {
        tool: 'Trivy',
        id: 'CVE-2021-44906',
        severity: 'unknown',
        message: 'minimist: prototype pollution',
        package: 'minimist',
        version: '1.2.5',
        fixedVersions: ['1.2.6', '0.2.4'],
        file: 'package-lock.json',
      },
    ]);
    expect(list[0]?.line).toBeUndefined();
  });

  it('rejects other schemas and missing severities', async () => {
    await rejects(
      await write('trivy-v1.json', { SchemaVersion: 1, ArtifactName: 'x', Results: [] }),
      /SchemaVersion: Trivy schema 1 is not supported/,
    );
    await rejects(
      await write('trivy-sev.json', {
        SchemaVersion: 2,
        Results: [{ Target: 't', Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'p' }] }],
      }),
      /Results\[0\]\.Vulnerabilities\[0\]\.Severity: expected a string/,
    );
  });
});

describe('Grype', () => {
  itConformance('.', 'reads package, version, fixes and falls back to related descriptions', async () => {
    const list = await findings(join(sharedFixtures, 'grype/grype-0.65.1-ghsa.json'), 'grype');
    expect(list[0]).toMatchObject({
      tool: 'Grype',
      id: 'GHSA-cfh5-3ghh-wfjx',
      severity: 'medium',
      package: 'httpclient',
      version: '4.1.1',
      fixedVersions: ['4.3.5'],
    });
    const keycloak = await findings(join(sharedFixtures, 'grype/grype-0.66.0-keycloak.json'), 'grype');
    expect(keycloak[0]?.fixedVersions).toBeUndefined(); // wont-fix: no versions
  });

  it('maps Negligible to low and rejects unknown words', async () => {
    const doc = (severity: string) => ({
      matches: [{ vulnerability: { id: 'CVE-1', severity }, artifact: { name: 'p', version: '1' } }],
      descriptor: { name: 'grype', version: '0.80.0' },
    });
    expect((await findings(await write('grype-n.json', doc('Negligible')), 'grype'))[0]?.severity).toBe('low');
    await rejects(
      await write('grype-x.json', doc('Severe')),
      /matches\[0\]\.vulnerability\.severity: unknown severity 'Severe'/,
    );
    await rejects(
      await write('grype-a.json', { ...doc('High'), matches: [{ vulnerability: { id: 'CVE-1', severity: 'High' } }] }),
      /matches\[0\]\.artifact: expected an object/,
    );
  });
});

describe('Bandit', () => {
  it('reads the stored real report', async () => {
    const list = await findings(ownFixture('security', 'bandit-1.6.2.json'), 'bandit');
    expect(list.map((f) => [f.id, f.severity, f.line])).toEqual([
      ['B404', 'low', 1],
      ['B107', 'low', 6],
      ['B101', 'low', 11],
      ['B106', 'low', 12],
      ['B602', 'high', 13],
    ]);
    expect(list[4]).toMatchObject({
      tool: 'Bandit',
      file: 'app.py',
      message: 'subprocess call with shell=True identified, security issue. (confidence: high)',
    });
  });

  itWith(tool('/usr/bin/bandit'), 'reads a report bandit writes now', async () => {
    const source = await write(
      'app.py',
      [
        'import subprocess',
        '',
        'password = "hunter2"',
        '',
        '',
        'def connect(host, password="hunter2"):',
        '    return host',
        '',
        '',
        'def run(cmd):',
        '    assert cmd, "cmd required"',
        '    connect("db", password="s3cr3t")',
        '    return subprocess.call(cmd, shell=True)',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'bandit.json');
    await run('/usr/bin/bandit', ['-q', '-f', 'json', '-o', out, source], { cwd: dir }).catch(
      (error: { code?: number }) => {
        if (error.code !== 1) throw error; // 1: issues found
      },
    );
    const report = JSON.parse(await readFile(out, 'utf8'));
    const list = await findings(out, 'bandit');
    // bandit's own totals, by severity, against ours.
    const totals = report.metrics._totals;
    expect(countSeverities(list)).toEqual(
      tally([
        ...Array(totals['SEVERITY.HIGH']).fill('high'),
        ...Array(totals['SEVERITY.MEDIUM']).fill('medium'),
        ...Array(totals['SEVERITY.LOW']).fill('low'),
        ...Array(totals['SEVERITY.UNDEFINED']).fill('unknown'),
      ]),
    );
    const ids = list.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['B101', 'B602']));
    expect(ids.some((id) => /^B10[567]$/.test(id))).toBe(true); // a hard-coded password
    expect(list.find((f) => f.id === 'B602')).toMatchObject({ severity: 'high', line: 13 });
  });

  it('rejects unknown severities and missing fields', async () => {
    const doc = (issue: object) => ({ errors: [], metrics: { _totals: {} }, results: [issue] });
    const issue = { test_id: 'B101', issue_severity: 'LOW', issue_text: 't', filename: 'a.py', line_number: 1 };
    await rejects(
      await write('bandit-sev.json', doc({ ...issue, issue_severity: 'EXTREME' })),
      /results\[0\]\.issue_severity: unknown severity/,
    );
    await rejects(
      await write('bandit-file.json', doc({ ...issue, filename: undefined })),
      /results\[0\]\.filename: expected a string/,
    );
    await rejects(
      await write('bandit-line.json', doc({ ...issue, line_number: -3 })),
      /results\[0\]\.line_number: expected a line number/,
    );
  });
});

describe('malformed security reports', () => {
  it('rejects truncated JSON with its line', async () => {
    const text = await readFile(ownFixture('security', 'trivy-misconfig-secrets.json'), 'utf8');
    await rejects(await write('cut.json', text.slice(0, 900)), /cut\.json:\d+:\d+: malformed JSON/);
  });
  it('rejects empty, binary, and unknown JSON', async () => {
    await rejects(await write('empty.json', ''), /empty/);
    await rejects(await write('bin.json', Buffer.from([0x7b, 0x00, 0xff])), /binary/);
    await rejects(
      await write('other.json', { hello: 'world' }),
      /JSON of no security format we read \(accepted: SARIF, npm audit JSON/,
    );
    await rejects(await write('list.json', [1, 2, 3]), /JSON of no security format/);
  });
  it('names the kind of a report of another kind', async () => {
    await rejects(
      await write('junit.xml', '<testsuites><testsuite name="a"/></testsuites>'),
      /JUnit XML report \(test results\), not a security report/,
    );
  });
});
