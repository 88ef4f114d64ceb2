/**
 * Workflow commands on stdout/stderr (`::error file=a.ts,line=3::message`), parsed the way
 * actions/runner's ActionCommand.TryParseV2 and ActionCommandManager do: the line (after leading
 * whitespace) starts with `::`, the command name is one the runner registers (any case), properties
 * are `k=v` pairs split on `,`, and `%25 %0D %0A` (plus `%3A %2C` in properties) are decoded.
 */

export interface ParsedCommand {
  command: string;
  properties: Map<string, string>;
  data: string;
}

/** The commands the runner registers; any other `::name::` line is plain log output. */
const REGISTERED = new Set([
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
]);

const DATA_ESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];

const PROPERTY_ESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];

/**
 * Parses one output line. `extra` holds names registered at run time (the `stop-commands` token).
 * Property names are kept lower-cased: the runner looks them up case-insensitively.
 */
export function parseCommand(line: string, extra: ReadonlySet<string> = new Set()): ParsedCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const name = command.toLowerCase();
  if (!REGISTERED.has(name) && !extra.has(name)) return undefined;

  const properties = new Map<string, string>();
  if (space > 0) {
    for (const entry of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      const equals = entry.indexOf('=');
      // .NET's Split('=', 2, RemoveEmptyEntries): a pair needs a non-empty name and value.
      if (equals <= 0 || equals === entry.length - 1) continue;
      properties.set(entry.slice(0, equals).toLowerCase(), decode(entry.slice(equals + 1), PROPERTY_ESCAPES));
    }
  }
  return { command: name, properties, data: decode(message.slice(end + 2), DATA_ESCAPES) };
}

/** Replaces each escape in the runner's order, so `%250A` decodes to `%0A`, not a newline. */
function decode(text: string, escapes: readonly [string, string][]): string {
  let result = text;
  for (const [escaped, token] of escapes) result = result.replaceAll(escaped, token);
  return result;
}

/**
 * The legacy form the runner still falls back to (ActionCommand.TryParse): `##[name k=v;]data`
 * found anywhere in the line, properties split on `;`.
 */
export function parseLegacyCommand(line: string, extra: ReadonlySet<string> = new Set()): ParsedCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const end = line.indexOf(']', prefix);
  if (end < 0) return undefined;
  const info = line.slice(prefix + 3, end);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!REGISTERED.has(name) && !extra.has(name)) return undefined;
  return { command: name, properties: new Map(), data: line.slice(end + 1) };
}

/** Splits output as the runner reads it (.NET ReadLine: `\n`, `\r` or `\r\n`) and parses each line both ways. */
export function commandsIn(output: string, extra: ReadonlySet<string> = new Set()): ParsedCommand[] {
  return output
    .split(/\r\n|\r|\n/)
    .flatMap((line) => parseCommand(line, extra) ?? parseLegacyCommand(line, extra) ?? []);
}
