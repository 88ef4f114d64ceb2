import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkComplexity, expectFileError, fixture, fuzzReport, load, tempFile } from './helpers';

const eslintReport = (messages: unknown[]) =>
  JSON.stringify([{ filePath: '/src/a.js', messages, suppressedMessages: [], errorCount: 0, warningCount: 1 }]);

describe('ESLint JSON (complexity rule)', () => {
  it('reads every complexity message as ESLint 6-9 word them, skipping other rules and suppressed ones', async () => {
    const { format, result } = await load(fixture('complexity', 'eslint-v9-complexity.json'), 'complexity');
    expect(format).toBe('eslint-json');
    const util = '/home/runner/work/app/app/src/util.js';
    const widget = '/home/runner/work/app/app/src/widget.js';
    expect(result.functions).toEqual([
      { file: util, name: 'parse', line: 3, complexity: 12 },
      { file: util, name: '(arrow function)', line: 42, complexity: 1 },
      { file: util, name: 'load', line: 52, complexity: 3 },
      { file: widget, name: 'render', line: 5, complexity: 4 },
      { file: widget, name: '#compute', line: 16, complexity: 7 },
      { file: widget, name: '(constructor)', line: 2, complexity: 1 },
      { file: widget, name: '(class static block)', line: 32, complexity: 2 },
      { file: widget, name: "it's", line: 36, complexity: 2 },
    ]);
  });

  it('reads the ESLint 1-3 wording', async () => {
    const { result } = await load(fixture('complexity', 'eslint-v3-complexity.json'), 'complexity');
    expect(result.functions).toEqual([
      { file: '/src/app/lib/a.js', name: 'walk', line: 1, complexity: 11 },
      { file: '/src/app/lib/a.js', name: 'anonymous', line: 20, complexity: 2 },
    ]);
  });

  it('reads the ESLint 4-5 wording (no maximum) and class field initialisers', async () => {
    const file = tempFile(
      eslintReport([
        {
          ruleId: 'complexity',
          severity: 1,
          message: "Generator method 'items' has a complexity of 5.",
          line: 7,
          column: 3,
        },
        {
          ruleId: 'complexity',
          severity: 1,
          message: 'Class field initializer has a complexity of 2. Maximum allowed is 0.',
          line: 9,
          column: 3,
        },
      ]),
    );
    const { result } = await load(file, 'complexity');
    expect(result.functions.map((f) => [f.name, f.complexity])).toEqual([
      ['items', 5],
      ['(class field initializer)', 2],
    ]);
  });

  it('accepts a report of zero files as zero functions', async () => {
    const { result } = await load(tempFile('[]'), 'complexity');
    expect(result.functions).toEqual([]);
  });

  it('refuses linted files without any complexity message, saying how to configure the rule', async () => {
    await expectFileError(
      fixture('complexity', 'eslint-no-complexity.json'),
      'complexity',
      /complexity: \['warn', 0\]/,
    );
  });

  it('counts suppressed complexity messages as proof that the rule ran', async () => {
    const report = JSON.parse(readFileSync(fixture('complexity', 'eslint-v9-complexity.json'), 'utf8')) as Array<{
      messages: Array<{ ruleId: string }>;
    }>;
    for (const entry of report) entry.messages = entry.messages.filter((m) => m.ruleId !== 'complexity');
    const { result } = await load(tempFile(JSON.stringify(report)), 'complexity');
    expect(result.functions).toEqual([]);
  });

  it('refuses a file ESLint could not parse, naming it', async () => {
    await expectFileError(
      fixture('complexity', 'eslint-fatal.json'),
      'complexity',
      /could not parse \/src\/app\/lib\/broken\.js: Parsing error/,
    );
  });

  describe('malformed input', () => {
    it.each([
      [
        'an unreadable complexity message',
        eslintReport([{ ruleId: 'complexity', message: 'Too complex (12)', line: 3 }]),
        /\/src\/a\.js:3: unreadable complexity message "Too complex \(12\)"/,
      ],
      [
        'a complexity message without text',
        eslintReport([{ ruleId: 'complexity', line: 3 }]),
        /unreadable complexity message/,
      ],
      ['a message that is not an object', eslintReport([42]), /not an object/],
      [
        'a bad line number',
        eslintReport([{ ruleId: 'complexity', message: "Function 'f' has a complexity of 2.", line: -1 }]),
        /unreadable/,
      ],
      [
        'truncated',
        readFileSync(fixture('complexity', 'eslint-v9-complexity.json'), 'utf8').slice(0, 300),
        /malformed JSON/,
      ],
      ['results without messages', '[{"filePath": "/a.js"}]', /no complexity format/],
    ])('%s', async (_name, content, message) => {
      await expectFileError(tempFile(content), 'complexity', message);
    });
  });

  it('survives mutation: FileError or a well-formed result', async () => {
    const outcome = await fuzzReport({
      kind: 'complexity',
      source: readFileSync(fixture('complexity', 'eslint-v9-complexity.json'), 'utf8'),
      json: true,
      numRuns: 2000,
      check: checkComplexity,
    });
    // Both paths taken: some mutants are refused, some still parse.
    expect(outcome.errors).toBeGreaterThan(0);
    expect(outcome.results).toBeGreaterThan(0);
  });
});
