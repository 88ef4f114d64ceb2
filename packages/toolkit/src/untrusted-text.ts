/**
 * Text from outside (report contents, file names, cache records) placed into the GitHub-flavoured
 * Markdown of a job summary or a pull request comment, so that it can only ever render as text.
 *
 * The encoding works alike in Markdown inline content, in GFM table cells and inside raw HTML
 * blocks (`<summary>`), because it uses character references, which every one of those decodes to
 * plain characters and none treats as markup: no emphasis, link, image, autolink, raw HTML, table
 * break or block start can come out of it. GitHub's post-processing of the rendered text (mentions,
 * issue references, bare URLs, emoji short codes) is defused with a zero-width space (U+200B) in
 * the middle of each trigger, the way Dependabot writes `@&#8203;user`.
 */

/** ASCII characters that start or close Markdown/HTML constructs anywhere in a line. */
const ALWAYS_ENCODED = /[\\`*_~[\]<>&|$]/g;

/** Characters that start a block (heading, list, quote, setext/thematic rule) at the start of a line. */
const LINE_START = /^[-+=#]/;
/** `1.` and `1)` start an ordered list at the start of a line, when a space or the end follows (`75.00%` does not). */
const ORDERED_LIST_START = /^(\d+)([.)])(?=\s|$)/;

/** Line breaks as CommonMark, HTML and the Unicode standard count them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const LINE_BREAKS = /\r\n|[\r\n\u000b\f\u0085\u2028\u2029]/g;
/** C0/C1 controls, and bidirectional overrides that make a line read other than it is. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * What GitHub links or pings after rendering: `@user` and `@org/team`, `#123` and `GH-123` issue
 * references, scheme URLs (`:` before anything but a space or a digit, so `file.py:12:3` stays
 * as it is), e-mail addresses (`@`), `www.` domains, and emoji short codes (`:name:`, by the `:` rule).
 */
const GITHUB_TRIGGERS = /(@|#|\bgh-(?=\d)|:(?=[^\s\d])|\bwww(?=\.))/gi;

/** One line, no controls: a line break in a report never becomes one in the output. */
function oneLine(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').replace(CONTROLS, '\ufffd').trim();
}

function reference(char: string): string {
  return `&#${char.codePointAt(0)};`;
}

/**
 * Untrusted text for inline use: a table cell, a list item, a heading, a sentence, or the text of
 * a raw HTML element such as `<summary>`. Line breaks become spaces; the result is one line.
 */
export function untrustedText(value: string): string {
  const defused = oneLine(value).replace(GITHUB_TRIGGERS, `$1${ZERO_WIDTH_SPACE}`);
  const encoded = defused
    .replace(ALWAYS_ENCODED, reference)
    .replace(LINE_START, reference)
    .replace(ORDERED_LIST_START, (_, digits: string, mark: string) => `${digits}${reference(mark)}`);
  return encoded.replaceAll(ZERO_WIDTH_SPACE, '&#8203;');
}

/** Untrusted text shown as code (a path, a key, a digest), safe in the same places as untrustedText. */
export function untrustedCode(value: string): string {
  return `<code>${untrustedText(value)}</code>`;
}

/**
 * Untrusted multi-line text as a fenced code block: the fence is longer than any run of backticks
 * in the text, so no line of it can close the block early.
 */
export function untrustedBlock(value: string): string {
  const body = value.replace(/\r\n|\r/g, '\n').replace(CONTROLS, '\ufffd');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${body}\n${fence}`;
}
