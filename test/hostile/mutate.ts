import fc from 'fast-check';

/**
 * Seeded damage to a real report, the kinds a hostile or broken tool output takes: bytes flipped,
 * inserted or cut; nesting inserted far deeper than any real report; numbers too large for a
 * double or a count; values of the wrong type; and text built to break out of Markdown, HTML or
 * the runner's log commands. Each mutation is data (fast-check shrinks and prints it), applied by
 * `mutate`, which picks its format-aware form from the report's first byte.
 */
export type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'huge-number'; pick: number; value: string }
  | { kind: 'wrong-type'; pick: number; value: string }
  | { kind: 'hostile-text'; pick: number; text: string };

/** Text that would render as markup, ping someone, or be obeyed by the runner, if it got through. */
export const HOSTILE_TEXTS = [
  'x\n\n# Owned\n<img src="https://evil.example/p.gif">\n@org/team',
  'a | b\n| --- |\n| <details><summary>@octocat</summary>',
  '[click](https://evil.example) ![i](https://evil.example/i.png) www.evil.example a@evil.example #1',
  'src/a.js\n```\n# closed the fence\n```',
  'msg\n::add-mask::ghs_secret\n::error file=a.ts,line=1::forged\n##[set-output name=passed]true',
  '::stop-commands::tok\n<!-- hidden -->\n- list\n> quote\n1. item',
];

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('nest' as const), at: position, depth: fc.integer({ min: 50, max: 5000 }) }),
  fc.record({
    kind: fc.constant('huge-number' as const),
    pick: fc.nat(),
    value: fc.constantFrom('1e999', '-1e999', '99999999999999999999999999', '-1', '1.5', '0', '9007199254740993'),
  }),
  fc.record({
    kind: fc.constant('wrong-type' as const),
    pick: fc.nat(),
    value: fc.constantFrom('null', 'true', '[]', '{}', '"text"', '[[1]]', '{"a":{}}'),
  }),
  fc.record({ kind: fc.constant('hostile-text' as const), pick: fc.nat(), text: fc.constantFrom(...HOSTILE_TEXTS) }),
);

type Syntax = 'json' | 'xml' | 'text';

function syntaxOf(text: string): Syntax {
  const first = text.trimStart()[0];
  return first === '<' ? 'xml' : first === '{' || first === '[' ? 'json' : 'text';
}

/** Every match of a pattern, as [start, end, groups]. */
function spans(text: string, pattern: RegExp): RegExpMatchArray[] {
  return [...text.matchAll(pattern)];
}

function replaceSpan(text: string, match: RegExpMatchArray | undefined, group: number, value: string): string {
  if (!match || match.index === undefined) return text;
  const whole = match[0];
  const part = match[group] ?? '';
  const start = match.index + whole.indexOf(part);
  return text.slice(0, start) + value + text.slice(start + part.length);
}

const XML_ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Numbers in the report: JSON values, XML attribute values, bare numbers in text lines. */
const NUMBER = {
  json: /:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
  xml: /="(-?\d+(?:\.\d+)?)"/g,
  text: /(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])/g,
};
/** Strings in the report: JSON string values, XML attribute values. */
const STRING = {
  json: /:\s*("(?:[^"\\]|\\.)*")/g,
  xml: /="([^"]*)"/g,
  text: /"((?:[^"\\]|\\.)*)"/g,
};

/** Applies one mutation; the result is bytes, since some mutations leave text that is not UTF-8. */
export function mutate(report: Buffer, m: Mutation): Buffer {
  const text = report.toString('utf8');
  const syntax = syntaxOf(text);
  const at = (p: number) => Math.floor(p * report.length);
  switch (m.kind) {
    case 'flip': {
      const out = Buffer.from(report);
      if (out.length > 0) out[at(m.at)] = m.byte;
      return out;
    }
    case 'truncate':
      return report.subarray(0, at(m.at));
    case 'insert':
      return Buffer.concat([report.subarray(0, at(m.at)), Buffer.from(m.bytes), report.subarray(at(m.at))]);
    case 'nest': {
      // Nesting inserted where a value or element may start.
      const open = syntax === 'xml' ? '<n>'.repeat(m.depth) : '['.repeat(m.depth);
      const close = syntax === 'xml' ? '</n>'.repeat(m.depth) : `${']'.repeat(m.depth)},`;
      const anchors = spans(text, syntax === 'xml' ? />(?=\s*<[^/?!])/g : syntax === 'json' ? /[[,:]\s*/g : /\n/g);
      const anchor = anchors[m.depth % Math.max(anchors.length, 1)];
      if (!anchor || anchor.index === undefined) return Buffer.from(open + text + close);
      const cut = anchor.index + anchor[0].length;
      return Buffer.from(text.slice(0, cut) + open + close + text.slice(cut));
    }
    case 'huge-number': {
      const found = spans(text, NUMBER[syntax]);
      return Buffer.from(replaceSpan(text, found[m.pick % Math.max(found.length, 1)], 1, m.value));
    }
    case 'wrong-type': {
      if (syntax === 'json') {
        const found = [...spans(text, NUMBER.json), ...spans(text, STRING.json)];
        return Buffer.from(replaceSpan(text, found[m.pick % Math.max(found.length, 1)], 1, m.value));
      }
      const found = spans(text, STRING[syntax]);
      const value = syntax === 'xml' ? m.value.replace(/["<>&]/g, (c) => XML_ESCAPES[c] as string) : m.value;
      return Buffer.from(replaceSpan(text, found[m.pick % Math.max(found.length, 1)], 1, value));
    }
    case 'hostile-text': {
      const found = spans(text, STRING[syntax]);
      const value =
        syntax === 'json' || syntax === 'text'
          ? JSON.stringify(m.text)
          : m.text.replace(/[<>&"\n\r]/g, (c) => XML_ESCAPES[c] as string);
      const group = syntax === 'xml' ? 1 : 1;
      const match = found[m.pick % Math.max(found.length, 1)];
      // JSON strings are replaced quotes and all; XML attribute values inside their quotes.
      return Buffer.from(
        syntax === 'xml'
          ? replaceSpan(text, match, group, value)
          : replaceSpan(text, match, 1, syntax === 'text' ? value.slice(1, -1) : value),
      );
    }
  }
}
