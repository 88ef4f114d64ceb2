import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { describeConformance } from '../../../../test/support/requirements';
import { checkComplexity, expectFileError, fuzzReport, load, sharedFixtures, tempFile } from './helpers';

const jacocoDir = sharedFixtures('jacoco');

interface Expected {
  name: string;
  line?: number;
  complexity: number;
}

/** Per-method complexities read with fast-xml-parser, independently of the streaming parser. */
function expectedMethods(xml: string): Expected[] {
  const lists = new Set(['group', 'package', 'class', 'method', 'counter']);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => lists.has(name),
  });
  type Counter = { type: string; missed: string; covered: string };
  type Method = { name: string; line?: string; counter?: Counter[] };
  type Package = { class?: Array<{ name: string; method?: Method[] }> };
  type Container = { group?: Container[]; package?: Package[] };
  const document = parser.parse(xml) as { report: Container };
  const found: Expected[] = [];
  const visit = (container: Container) => {
    for (const group of container.group ?? []) visit(group);
    for (const pkg of container.package ?? []) {
      for (const cls of pkg.class ?? []) {
        const simple = cls.name.split('/').at(-1);
        for (const method of cls.method ?? []) {
          const counter = (method.counter ?? []).find((c) => c.type === 'COMPLEXITY');
          if (!counter) throw new Error(`no COMPLEXITY counter on ${cls.name}.${method.name}`);
          found.push({
            name: `${simple}.${method.name}`,
            ...(method.line !== undefined ? { line: Number(method.line) } : {}),
            complexity: Number(counter.missed) + Number(counter.covered),
          });
        }
      }
    }
  };
  visit(document.report);
  return found;
}

const key = (f: Expected) => `${f.name}@${f.line}=${f.complexity}`;

describe('JaCoCo XML (method complexity)', () => {
  describeConformance('jacoco', 'conformance with real JaCoCo reports', () => {
    const reports = existsSync(jacocoDir) ? readdirSync(jacocoDir).filter((f) => f.endsWith('.xml')) : [];

    it.each(reports)('%s: every method and its complexity', async (name) => {
      const file = join(jacocoDir, name);
      const expected = expectedMethods(readFileSync(file, 'utf8'));
      const { format, result } = await load(file, 'complexity');
      expect(format).toBe('jacoco-complexity');
      expect(result.functions.map(key).sort()).toEqual(expected.map(key).sort());
      // The offenders a gate at 10 would name.
      expect(
        result.functions
          .filter((f) => f.complexity > 10)
          .map(key)
          .sort(),
      ).toEqual(
        expected
          .filter((f) => f.complexity > 10)
          .map(key)
          .sort(),
      );
      checkComplexity(result);
    });

    it('names files package/sourcefilename, and finds the source file when the class does not say', async () => {
      const playground = await load(join(jacocoDir, 'madrapps-jacoco-playground.xml'), 'complexity');
      expect(playground.result.functions.find((f) => f.name === 'Utility.multiply')).toEqual({
        file: 'com/madrapps/jacoco/Utility.java',
        name: 'Utility.multiply',
        line: 6,
        complexity: 1,
      });
      // kache was written by a JaCoCo without sourcefilename attributes.
      const kache = await load(join(jacocoDir, 'sonar-jacoco-kotlin-kache.xml'), 'complexity');
      const files = new Set(kache.result.functions.map((f) => f.file));
      expect(files).toEqual(
        new Set([
          'com/yundom/kache/Builder.kt',
          'com/yundom/kache/store/ObjectCache.kt',
          'com/yundom/kache/map/FifoMap.kt',
          'com/yundom/kache/map/LruMap.kt',
          'com/yundom/kache/config/Policy.kt',
        ]),
      );
      const constructors = kache.result.functions.filter((f) => f.name.endsWith('.<init>'));
      expect(constructors.length).toBeGreaterThan(0);
    });

    it('counts the methods of the real reports', async () => {
      const counts: Record<string, number> = {};
      for (const name of reports)
        counts[name] = (await load(join(jacocoDir, name), 'complexity')).result.functions.length;
      expect(counts).toEqual({
        'madrapps-jacoco-playground.xml': 22,
        'sonar-jacoco-aggregate-groups.xml': 2,
        'sonar-jacoco-kotlin-kache.xml': 84,
        'sonar-jacoco-simple-project-raw.xml': 5,
      });
    });

    it('survives mutation: FileError or a well-formed result', async () => {
      const outcome = await fuzzReport({
        kind: 'complexity',
        source: readFileSync(join(jacocoDir, 'madrapps-jacoco-playground.xml'), 'utf8'),
        numRuns: 1500,
        check: checkComplexity,
      });
      // Both paths taken: some mutants are refused, some still parse.
      expect(outcome.errors).toBeGreaterThan(0);
      expect(outcome.results).toBeGreaterThan(0);
    });
  });

  const wrap = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><report name="r"><package name="p">${body}</package></report>`;

  describe('malformed input', () => {
    it.each([
      [
        'a method without a COMPLEXITY counter',
        wrap(
          '<class name="p/A"><method name="f" desc="()V" line="3">\n<counter type="LINE" missed="0" covered="1"/></method></class>',
        ),
        /r:2:\d+: method p\/A\.f has no COMPLEXITY counter/,
      ],
      [
        'a counter that is not a number',
        wrap(
          '<class name="p/A"><method name="f" desc="()V"><counter type="COMPLEXITY" missed="x" covered="1"/></method></class>',
        ),
        /missed="x".*expected a number/,
      ],
      [
        'a fractional count',
        wrap(
          '<class name="p/A"><method name="f" desc="()V"><counter type="COMPLEXITY" missed="0.5" covered="1"/></method></class>',
        ),
        /must be counts/,
      ],
      [
        'a line that is not a line number',
        wrap(
          '<class name="p/A"><method name="f" desc="()V" line="0"><counter type="COMPLEXITY" missed="0" covered="1"/></method></class>',
        ),
        /<method line="0">: not a line number/,
      ],
      ['a class without a name', wrap('<class><method name="f" desc="()V"/></class>'), /<class> has no name attribute/],
      ['no methods at all', wrap('<counter type="LINE" missed="1" covered="2"/>'), /no <method> elements/],
      [
        'truncated',
        wrap(
          '<class name="p/A"><method name="f" desc="()V"><counter type="COMPLEXITY" missed="0" covered="1"/></method></class>',
        ).slice(0, 120),
        /truncated XML|malformed XML/,
      ],
      [
        'another XML kind',
        '<?xml version="1.0"?><testsuites><testsuite name="x"/></testsuites>',
        /XML with root <testsuites>|not a complexity report/,
      ],
    ])('%s', async (_name, content, message) => {
      await expectFileError(tempFile(content, 'r'), 'complexity', message);
    });
  });

  it('reads a report with a default package and nested groups', async () => {
    const xml = `<report name="r"><group name="g"><group name="h"><package name=""><class name="Main" sourcefilename="Main.java">
      <method name="main" desc="([Ljava/lang/String;)V" line="4"><counter type="COMPLEXITY" missed="3" covered="9"/></method>
      <counter type="COMPLEXITY" missed="3" covered="9"/></class></package></group></group></report>`;
    const { result } = await load(tempFile(xml), 'complexity');
    expect(result.functions).toEqual([{ file: 'Main.java', name: 'Main.main', line: 4, complexity: 12 }]);
  });
});
