/**
 * The runner reads every line a step prints to stdout or stderr as a possible workflow command
 * (actions/runner, ActionCommandManager.TryProcessCommand): a line that starts with `::` after
 * leading whitespace (`::add-mask::x`, `::stop-commands::t`, `::error file=..::m`), or one that
 * holds `##[` anywhere (the legacy form, still parsed). Lines end at `\n`, `\r` or `\r\n`.
 * ccm never means to print a command on a log line (it uses @actions/core for those), so every
 * line it logs is defused here, whatever text from outside it carries.
 */

const ZERO_WIDTH_SPACE = '\u200b';

/** `::` at the start of a line, after the whitespace .NET's TrimStart drops (a superset of it). */
const COMMAND_START = /^([\s\u0085]*):(?=:)/;
/** The legacy `##[command]` prefix, which the runner finds anywhere in a line. */
const LEGACY_PREFIX = /#(?=#\[)/g;

/**
 * Log text that no runner will read as a workflow command: a zero-width space splits each `::`
 * that starts a line and each `##[`. The text is otherwise unchanged (line breaks stay).
 */
export function defuseCommands(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) => part.replace(COMMAND_START, `$1:${ZERO_WIDTH_SPACE}`).replace(LEGACY_PREFIX, `#${ZERO_WIDTH_SPACE}`))
    .join('');
}

/**
 * Text from outside for one log line (a message, a title, a file name): `%`, `\r` and `\n` escaped
 * the way the runner escapes command data, so it cannot start a line of its own, then defused.
 */
export function logText(value: string): string {
  return defuseCommands(value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** C0 and C1 controls but the line feed and tab: ESC starts terminal escape sequences, CR overwrites a line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces.
const TERMINAL_CONTROLS = /\r(?!\n)|[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Text for a terminal or a CI log: workflow commands defused, and control characters (a report's
 * ANSI escapes, OSC hyperlinks, carriage returns that overwrite a line) shown as U+FFFD. ccm prints
 * no colours of its own, so nothing it means to print is lost.
 */
export function printable(text: string): string {
  return defuseCommands(text.replace(TERMINAL_CONTROLS, '\ufffd'));
}
