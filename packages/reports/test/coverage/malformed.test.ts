import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clover } from '../../src/coverage/clover';
import { cobertura } from '../../src/coverage/cobertura';
import { coveragePyJson } from '../../src/coverage/coveragepy-json';
import { goCover } from '../../src/coverage/go-cover';
import { istanbulFinal } from '../../src/coverage/istanbul-final';
import { istanbulSummary } from '../../src/coverage/istanbul-summary';
import { jacoco } from '../../src/coverage/jacoco';
import type { ReportFormat } from '../../src/format';
import { failure, fixture, records, tempDir, writeTemp } from './helpers';

const dir = tempDir('coverage-malformed');
let counter = 0;
const write = (content: string | Uint8Array) => writeTemp(dir, `case-${counter++}.txt`, content);

const JUNIT =
  '<?xml version="1.0"?><testsuites><testsuite name="s" tests="1"><testcase name="t"/></testsuite></testsuites>';
const SARIF = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] });
const LCOV = readFileSync(fixture('small.lcov'), 'utf8');

interface Case {
  format: ReportFormat<'coverage'>;
  fixture: string;
  /** Documents of the right family with a required field missing or wrong, and the message expected. */
  broken: [content: string, message: RegExp][];
  /** A report of another kind. */
  other: string;
}

const cases: Case[] = [
  {
    format: cobertura,
    fixture: 'cobertura-istanbul.xml',
    other: JUNIT,
    broken: [
      [
        '<coverage line-rate="1"><packages><package><classes><class filename="a"><lines><line number="1"/></lines></class></classes></package></packages></coverage>',
        /<line> has no hits attribute/,
      ],
      [
        '<coverage line-rate="1"><packages><package><classes><class filename="a"><lines><line number="0" hits="1"/></lines></class></classes></package></packages></coverage>',
        /expected a line number/,
      ],
      [
        '<coverage line-rate="1"><packages><package><classes><class filename="a"><lines><line number="2" hits="-1"/></lines></class></classes></package></packages></coverage>',
        /expected a count/,
      ],
      [
        '<coverage line-rate="1"><packages><package><classes><class name="x"/></classes></package></packages></coverage>',
        /<class> has no filename attribute/,
      ],
      ['<coverage line-rate="1"><sources/></coverage>', /no <packages> element/],
    ],
  },
  {
    format: jacoco,
    fixture: 'jacoco.xml',
    other: JUNIT,
    broken: [
      [
        '<report name="r"><package name="p"><sourcefile name="A.java"><line mi="1"/></sourcefile></package></report>',
        /<line> has no nr attribute/,
      ],
      [
        '<report name="r"><package name="p"><sourcefile name="A.java"><line nr="x" mi="1"/></sourcefile></package></report>',
        /expected a number/,
      ],
      ['<report name="r"><sourcefile name="A.java"/></report>', /<sourcefile> outside a <package>/],
      ['<report name="r"><section><p>x</p></section></report>', /not a JaCoCo report: unexpected element <section>/],
    ],
  },
  {
    format: clover,
    fixture: 'clover-php.xml',
    other: JUNIT,
    broken: [
      [
        '<coverage generated="1"><project><file name="a.php"><line num="3" type="stmt"/></file></project></coverage>',
        /<line> has no count attribute/,
      ],
      [
        '<coverage generated="1"><project><file name="a.php"><line num="3" type="loop" count="1"/></file></project></coverage>',
        /expected method, stmt or cond/,
      ],
      [
        '<coverage generated="1"><project><file><line num="3" type="stmt" count="1"/></file></project></coverage>',
        /<file> has no name attribute/,
      ],
      ['<coverage generated="1"><packages/></coverage>', /no <project> element/],
    ],
  },
  {
    format: istanbulSummary,
    fixture: 'coverage-summary.json',
    other: SARIF,
    broken: [
      [
        '{"total":{"lines":{"total":1,"covered":1,"pct":100}},"a.js":{"statements":{}}}',
        /"a.js": expected an object with "lines" totals/,
      ],
      [
        '{"total":{"lines":{"total":1,"covered":1,"pct":100}},"a.js":{"lines":{"total":1,"covered":"1"}}}',
        /"a.js".lines.covered: expected a count/,
      ],
      [
        '{"total":{"lines":{"total":1,"covered":1,"pct":100}},"a.js":{"lines":{"total":1,"covered":2}}}',
        /covered 2 of total 1/,
      ],
    ],
  },
  {
    format: istanbulFinal,
    fixture: 'coverage-final.json',
    other: SARIF,
    broken: [
      ['{}', /names no file/],
      ['{"a.js":{"path":"a.js","s":{}}}', /"a.js": expected a file coverage object/],
      [
        '{"a.js":{"path":"a.js","statementMap":{"0":{"end":{}}},"s":{"0":1}}}',
        /statementMap\["0"\]: expected a location/,
      ],
      [
        '{"a.js":{"path":"a.js","statementMap":{"0":{"start":{"line":null}}},"s":{"0":1}}}',
        /start.line: expected a line number, found null/,
      ],
      ['{"a.js":{"path":"a.js","statementMap":{"0":{"start":{"line":1}}},"s":{"0":-2}}}', /s\["0"\]: expected a count/],
    ],
  },
  {
    format: coveragePyJson,
    fixture: 'coveragepy.json',
    other: SARIF,
    broken: [
      [
        '{"meta":{"version":"7"},"files":{"a.py":{"missing_lines":[]}}}',
        /executed_lines: expected a list of line numbers, found nothing/,
      ],
      [
        '{"meta":{"version":"7"},"files":{"a.py":{"executed_lines":[1.5],"missing_lines":[]}}}',
        /executed_lines\[0\]: expected a line number/,
      ],
      ['{"meta":{"version":"7"},"files":{"a.py":3}}', /files\["a.py"\]: expected an object/],
      ['{"meta":{"version":"7"}}', /expected an object with "meta" and "files"/],
    ],
  },
  {
    format: goCover,
    fixture: 'go-cover.out',
    other: LCOV,
    broken: [
      ['mode: set\na.go:1.1,2.2 1\n', /:2: malformed cover profile block/],
      ['mode: set\na.go:5.1,2.2 1 1\n', /:2: block 5.1,2.2: not a range of source lines/],
      ['mode: set\na.go:1.1,2.2 1 1\nmode: count\n', /:3: mode: count after mode: set/],
      ['a.go:1.1,2.2 1 1\n', /:1: not a Go cover profile/],
    ],
  },
];

describe.each(cases)(
  '$format.label: malformed input fails with a FileError naming the file',
  ({ format, fixture: name, broken, other }) => {
    const valid = readFileSync(fixture(name));

    it('truncated', async () => {
      // Cut inside the body: for XML an element is never closed; for JSON the document ends early;
      // for the Go profile the last block line is cut short.
      const cut =
        format === goCover ? valid.subarray(0, valid.length - 6) : valid.subarray(0, Math.floor(valid.length / 2));
      const file = write(cut);
      const error = await failure(() => records(format, file));
      expect(error.location.file).toBe(file);
      expect(error.message).toMatch(/truncated|malformed|Unexpected end|Unterminated|expected/i);
    });

    it('wrong syntax', async () => {
      const text = valid.toString('utf8');
      const file = write(format.matchText ? text.replace(/ (\d+)\n/, ' x$1\n') : text.replace(/[>}]/, '#'));
      const error = await failure(() => records(format, file));
      expect(error.location.line).toBeGreaterThanOrEqual(1);
    });

    it('empty', async () => {
      const error = await failure(() => records(format, write('')));
      expect(error.message).toMatch(/empty/);
    });

    it('binary', async () => {
      const error = await failure(() => records(format, write(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x01]))));
      expect(error.message).toMatch(/binary/);
    });

    it('a report of another kind', async () => {
      const error = await failure(() => records(format, write(other)));
      expect(error.message).toMatch(/not an?|expected|no </);
    });

    it.each(broken)('a required field missing or wrong: %s', async (content, message) => {
      const file = write(content);
      const error = await failure(() => records(format, file));
      expect(error.message).toMatch(message);
      expect(error.message.startsWith(file)).toBe(true);
    });
  },
);
