import type { Random } from './random';
import { moduleName, packageDir } from './source-tree';
import type { FileWriter } from './writer';

export interface SecurityTruth {
  results: number;
}

interface Rule {
  id: string;
  kind: 'problem' | 'path-problem';
  message: string;
}

const CWES = ['079', '089', '078', '022', '094', '601', '918', '312', '327', '798', '1333', '400', '915'];
const TOPICS = [
  'sql-injection',
  'xss',
  'command-line-injection',
  'path-injection',
  'code-injection',
  'server-side-request-forgery',
  'clear-text-logging',
  'weak-cryptographic-algorithm',
  'hardcoded-credentials',
  'polynomial-redos',
  'prototype-pollution',
  'unvalidated-url-redirection',
  'insecure-randomness',
  'missing-rate-limiting',
];

/**
 * A SARIF 2.1.0 log as CodeQL writes it: the driver without rules, the query pack as an extension
 * carrying the rules (with `security-severity`, precision, tags, help), artifacts, then results that name
 * their rule by index into the extension, with partial fingerprints, related locations and, for
 * path-problem queries, code flows. Every result is a problem, none suppressed: each counts.
 */
export function writeSarif(out: FileWriter, random: Random, targetBytes: number): SecurityTruth {
  const rules: Rule[] = [];
  const ruleJson: unknown[] = [];
  for (let i = 0; i < 160; i++) {
    const topic = `${random.pick(TOPICS)}${i < TOPICS.length ? '' : `-${i}`}`;
    const kind = random.chance(0.6) ? 'path-problem' : 'problem';
    const cwe = random.pick(CWES);
    const severity = (random.int(20, 98) / 10).toFixed(1);
    const id = `js/${topic}`;
    const name = topic.replaceAll('-', ' ');
    rules.push({ id, kind, message: `This ${name} depends on a [user-provided value](1).` });
    ruleJson.push({
      id,
      name,
      shortDescription: { text: `Uncontrolled data used in ${name}` },
      fullDescription: { text: `Building a ${name} from user-controlled sources is vulnerable to attack.` },
      defaultConfiguration: { enabled: true, level: random.pick(['error', 'warning', 'note']) },
      help: {
        text: `# ${name}\n\n${'Explain the issue, the fix and an example. '.repeat(random.int(4, 20))}`,
        markdown: `# ${name}\n\n${'Explain the *issue*, the `fix` and an example. '.repeat(random.int(4, 20))}`,
      },
      properties: {
        tags: ['security', `external/cwe/cwe-${cwe}`],
        description: `Building a ${name} from user-controlled sources is vulnerable to attack.`,
        id,
        kind,
        name,
        precision: random.pick(['high', 'medium', 'very-high']),
        'problem.severity': random.pick(['error', 'warning']),
        'security-severity': severity,
      },
    });
  }

  const artifacts: string[] = [];
  const artifactCount = Math.min(50_000, Math.max(50, Math.round(targetBytes / 20_000)));
  for (let i = 0; i < artifactCount; i++) {
    artifacts.push(`src/${packageDir(random, Math.floor(i / 20))}/${moduleName(random, i)}.js`);
  }

  const header = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'CodeQL',
            organization: 'GitHub',
            semanticVersion: '2.19.3',
            notifications: [{ id: 'js/diagnostics/successfully-extracted-files', name: 'js/diagnostics' }],
            rules: [],
          },
          extensions: [{ name: 'codeql/javascript-queries', semanticVersion: '1.2.3', rules: ruleJson }],
        },
        invocations: [{ toolExecutionNotifications: [], executionSuccessful: true }],
        artifacts: artifacts.map((uri, index) => ({ location: { uri, uriBaseId: '%SRCROOT%', index } })),
        results: ['RESULTS'],
        automationDetails: { id: '/language:javascript/' },
        columnKind: 'utf16CodeUnits',
        properties: { 'semmle.formatSpecifier': 'sarif-latest' },
      },
    ],
  };
  const [before, after] = JSON.stringify(header, null, 2).split('"RESULTS"') as [string, string];
  out.write(before.trimEnd());

  let results = 0;
  // Room for the closing part, so the file ends near the target size.
  while (out.bytes + after.length < targetBytes || results === 0) {
    const index = random.int(0, rules.length - 1);
    const rule = rules[index] as Rule;
    const file = random.int(0, artifacts.length - 1);
    const location = (line: number, text?: string) => ({
      physicalLocation: {
        artifactLocation: { uri: artifacts[file], uriBaseId: '%SRCROOT%', index: file },
        region: { startLine: line, startColumn: random.int(1, 40), endColumn: random.int(41, 90) },
      },
      ...(text === undefined ? {} : { message: { text } }),
    });
    const line = random.int(1, 900);
    const result: Record<string, unknown> = {
      ruleId: rule.id,
      rule: { id: rule.id, index, toolComponent: { index: 0 } },
      message: { text: rule.message },
      locations: [location(line)],
      partialFingerprints: {
        primaryLocationLineHash: `${random.int(0, 0xffffffff).toString(16).padStart(8, '0')}${random.int(0, 0xffffffff).toString(16).padStart(8, '0')}:1`,
        primaryLocationStartColumnFingerprint: String(random.int(0, 40)),
      },
    };
    if (rule.kind === 'path-problem') {
      const source = Math.max(1, line - random.int(1, 60));
      const steps = random.int(2, 9);
      result.codeFlows = [
        {
          threadFlows: [
            {
              locations: Array.from({ length: steps }, (_, s) => ({
                location: location(source + s * 3, s === 0 ? 'req.query' : random.pick(['id', 'value', 'input', 'q'])),
              })),
            },
          ],
        },
      ];
      result.relatedLocations = [{ id: 1, ...location(source, 'user-provided value') }];
    }
    out.write(`${results === 0 ? '' : ','}\n        ${JSON.stringify(result, null, 2).replaceAll('\n', '\n        ')}`);
    results++;
  }
  out.write(`${after}\n`);
  return { results };
}
