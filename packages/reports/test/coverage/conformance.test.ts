import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { expect, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import { clover } from '../../src/coverage/clover';
import { fileTotals } from '../../src/coverage/coverage-map';
import { jacoco } from '../../src/coverage/jacoco';
import { mapOf, sharedFixtures } from './helpers';

/** fast-xml-parser is the independent reader: expected numbers never come from the parser under test. */
const reader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['group', 'package', 'sourcefile', 'line', 'counter', 'file', 'project'].includes(name),
});

type Node = Record<string, unknown>;
const children = (node: Node, name: string): Node[] => (node[name] as Node[] | undefined) ?? [];
const num = (value: unknown): number => (value === undefined ? 0 : Number(value));

interface Expected {
  total: number;
  covered: number;
}

function add(expected: Map<string, Expected>, path: string, lines: Map<number, boolean>): void {
  const known = expected.get(path) ?? { total: 0, covered: 0 };
  // A path seen twice (two groups with one package) merges line by line in the map; the fixtures have none.
  expect(expected.has(path)).toBe(false);
  expected.set(path, {
    total: known.total + lines.size,
    covered: known.covered + [...lines.values()].filter(Boolean).length,
  });
}

const jacocoDir = sharedFixtures('jacoco');
describeConformance('jacoco', 'JaCoCo conformance (shared fixtures)', () => {
  const files = existsSync(jacocoDir) ? readdirSync(jacocoDir).filter((f) => f.endsWith('.xml')) : [];

  it.each(files)('%s: line totals per source file equal an independent count and the LINE counter', async (name) => {
    const file = join(jacocoDir, name);
    const document = reader.parse(readFileSync(file, 'utf8')) as Node;
    const expected = new Map<string, Expected>();
    const walk = (node: Node) => {
      for (const group of children(node, 'group')) walk(group);
      for (const pkg of children(node, 'package')) {
        for (const source of children(pkg, 'sourcefile')) {
          const path = pkg.name === '' ? String(source.name) : `${pkg.name}/${source.name}`;
          const lines = new Map<number, boolean>();
          for (const line of children(source, 'line')) {
            if (num(line.mi) + num(line.ci) > 0) lines.set(Number(line.nr), num(line.ci) > 0);
          }
          add(expected, path, lines);
          // JaCoCo's own LINE counter for the file says the same.
          const counter = children(source, 'counter').find((c) => c.type === 'LINE');
          if (counter) {
            expect({ total: lines.size, covered: expected.get(path)?.covered }).toEqual({
              total: num(counter.missed) + num(counter.covered),
              covered: num(counter.covered),
            });
          }
        }
      }
    };
    walk(document.report as Node);
    expect(expected.size).toBeGreaterThan(0);

    const map = await mapOf(jacoco, file);
    const actual = new Map([...map].map((f) => [f.path, fileTotals(f)]));
    expect(actual).toEqual(expected);
    console.info(`jacoco ${name}: ${map.size} files, ${JSON.stringify(map.totals())}`);
  });
});

const cloverDir = sharedFixtures('clover');
describeConformance('clover', 'Clover conformance (shared fixtures)', () => {
  // The .template.xml files are php-code-coverage's expected outputs with %s/%i placeholders in
  // attributes we do not read (generated, the path prefix); their line data is literal, so they count.
  const files = existsSync(cloverDir) ? readdirSync(cloverDir).filter((f) => f.endsWith('.xml')) : [];

  it.each(files)('%s: line totals per file equal an independent count of stmt/cond lines', async (name) => {
    const file = join(cloverDir, name);
    const document = reader.parse(readFileSync(file, 'utf8')) as Node;
    const expected = new Map<string, Expected>();
    let statementsMetric = 0;
    let stmtElements = 0;
    for (const project of children(document.coverage as Node, 'project')) {
      const fileNodes = [
        ...children(project, 'file'),
        ...children(project, 'package').flatMap((p) => children(p, 'file')),
      ];
      for (const node of fileNodes) {
        const lines = new Map<number, boolean>();
        for (const line of children(node, 'line')) {
          if (line.type === 'stmt') stmtElements++;
          if (line.type !== 'stmt' && line.type !== 'cond') continue;
          const hits = line.count !== undefined ? num(line.count) : num(line.truecount) + num(line.falsecount);
          const n = Number(line.num);
          lines.set(n, (lines.get(n) ?? false) || hits > 0);
        }
        add(expected, String(node.path ?? node.name), lines);
        const metrics = node.metrics as Node[] | Node | undefined;
        const fileMetrics = Array.isArray(metrics) ? metrics.at(-1) : metrics;
        statementsMetric += num(fileMetrics?.statements);
      }
    }
    expect(expected.size).toBeGreaterThan(0);

    const map = await mapOf(clover, file);
    const actual = new Map([...map].map((f) => [f.path, fileTotals(f)]));
    expect(actual).toEqual(expected);
    // php-code-coverage counts a file's statements from its stmt lines: the metric agrees.
    if (!readFileSync(file, 'utf8').includes('type="cond"')) expect(stmtElements).toBe(statementsMetric);
    console.info(`clover ${name}: ${map.size} files, ${JSON.stringify(map.totals())}`);
  });
});
