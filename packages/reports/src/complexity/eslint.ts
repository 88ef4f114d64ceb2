import { FileError } from '@ccm/toolkit/errors';
import { isRecord, type ReportFormat } from '../format';
import type { FunctionComplexity } from '../model';

/**
 * ESLint's JSON formatter (`eslint -f json`): `[{filePath, messages: [{ruleId, message, line, ...}]}]`,
 * read for the core `complexity` rule. ESLint reports only functions over the rule's maximum, so the
 * rule must be set to `['warn', 0]` for every function to be listed; a report of linted files with no
 * complexity message at all is taken for a misconfiguration and refused.
 *
 * The number is only in the message text, whose wording changed across ESLint versions:
 *   1.x–3.x  "Function 'foo' has a complexity of 12."
 *   4.x–5.x  "{{name}} has a complexity of {{complexity}}." with a kind: "Method 'bar'", "Arrow function"
 *   6.x–9.x  "... has a complexity of 12. Maximum allowed is 0." (also "Class field initializer",
 *            "Class static block")
 * A complexity message we cannot read is an error, never skipped. A file ESLint could not parse
 * (a fatal message) is an error too: its complexity is unknown. Messages silenced with an
 * eslint-disable comment (`suppressedMessages`, ESLint 8.8+) are exemptions the author chose: they
 * show the rule ran but are not gated.
 */
export const eslintComplexity: ReportFormat<'complexity'> = {
  id: 'eslint-json',
  label: 'ESLint JSON',
  kind: 'complexity',
  matchJson: (document) =>
    Array.isArray(document) &&
    document.every((entry) => isRecord(entry) && typeof entry.filePath === 'string' && Array.isArray(entry.messages)),
  async parse({ file, json }) {
    if (!Array.isArray(json)) throw new FileError({ file }, 'expected the JSON array ESLint -f json writes');
    const functions: FunctionComplexity[] = [];
    let sawRule = false;
    json.forEach((result, index) => {
      if (readResult(result, index, file, functions)) sawRule = true;
    });
    if (json.length > 0 && !sawRule) {
      throw new FileError(
        { file },
        `no complexity rule results for ${json.length} linted file(s): run ESLint with the rule set to complexity: ['warn', 0]`,
      );
    }
    return { functions };
  },
};

/**
 * One linted file's complexity messages, added to `functions`. True when the rule ran on it: a complexity
 * message, reported or suppressed.
 */
function readResult(result: unknown, index: number, file: string, functions: FunctionComplexity[]): boolean {
  if (!isRecord(result) || typeof result.filePath !== 'string' || !Array.isArray(result.messages)) {
    throw new FileError({ file }, `entry [${index}] is not an ESLint result ({filePath, messages})`);
  }
  if (result.filePath === '') throw new FileError({ file }, `entry [${index}] has an empty filePath`);
  const source = result.filePath;
  let sawRule = false;
  for (const message of result.messages) {
    if (!isComplexityMessage(message, source, file)) continue;
    sawRule = true;
    functions.push({ file: source, ...readMessage(message, source, file) });
  }
  const suppressed = result.suppressedMessages;
  return sawRule || (Array.isArray(suppressed) && suppressed.some((m) => isRecord(m) && m.ruleId === 'complexity'));
}

/** A complexity message; a fatal one (a file ESLint could not parse) is an error, other rules are skipped. */
function isComplexityMessage(message: unknown, source: string, file: string): message is Record<string, unknown> {
  if (!isRecord(message)) throw new FileError({ file }, `${source}: a message is not an object`);
  if (message.fatal === true) {
    throw new FileError({ file }, `ESLint could not parse ${source}: ${String(message.message)}`);
  }
  return message.ruleId === 'complexity';
}

function readMessage(message: Record<string, unknown>, source: string, file: string): Omit<FunctionComplexity, 'file'> {
  const text = message.message;
  const parsed = typeof text === 'string' ? MESSAGE.exec(text) : null;
  const line = message.line;
  if (!parsed || (line !== undefined && (!Number.isInteger(line) || (line as number) < 1))) {
    const at = typeof line === 'number' ? `:${line}` : '';
    throw new FileError(
      { file },
      `${source}${at}: unreadable complexity message ${JSON.stringify(text) ?? '(none)'}; expected "... has a complexity of N"`,
    );
  }
  return {
    name: functionName(parsed[1] as string),
    ...(typeof line === 'number' ? { line } : {}),
    complexity: Number(parsed[2]),
  };
}

const MESSAGE = /^(.+?) has a complexity of (\d+)(?:\.|$)/s;

/** "Method 'bar'" → bar, "Private method #baz" → #baz, "Arrow function" → (arrow function). */
function functionName(described: string): string {
  const quoted = /^[^']*'(.*)'$/s.exec(described);
  if (quoted?.[1]) return quoted[1];
  const privateName = /\s(#\S+)$/.exec(described);
  if (privateName?.[1]) return privateName[1];
  return `(${described.toLowerCase()})`;
}
