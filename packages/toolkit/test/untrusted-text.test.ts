import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  elements,
  githubTriggers,
  renderGitHubMarkdown,
  skeleton,
  textContent,
  texts,
} from '../../../test/support/gfm';
import { table } from '../src/markdown';
import { untrustedBlock, untrustedCode, untrustedText } from '../src/untrusted-text';

/** Where the renderers put text from reports; `$` is the slot. */
const INLINE_CONTEXTS: Record<string, (slot: string) => string> = {
  'table cell': (slot) => table(['Suite', 'Test'], [['s', slot]]),
  'list item': (slot) => `- ❗ **Tests**: ${slot}\n- next`,
  heading: (slot) => `## ✅ ${slot} passed\n\nafter`,
  'paragraph start': (slot) => `${slot}\n\nafter`,
  'after text': (slot) => `before\n${slot}\nafter`,
  'details summary': (slot) => `<details><summary>${slot}</summary>\n\nbody\n\n</details>`,
  'two slots side by side': (slot) => table(['A'], [[`${slot}${slot} ${slot}`]]),
};

const CODE_CONTEXTS: Record<string, (slot: string) => string> = {
  'code in a table cell': (slot) => table(['File', 'Format'], [[slot, 'lcov']]),
  'code in a sentence': (slot) => `Fingerprint ${slot}.`,
};

/** What a reader must see: the text with line breaks as spaces, controls as U+FFFD, runs of space as one. */
function expectedText(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
      .replace(/\r\n|[\r\n\u000b\f\u0085\u2028\u2029\t]/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function shown(text: string): string {
  return text.replaceAll('\u200b', '').replace(/\s+/g, ' ').trim();
}

/** Lone surrogates and all: the renderers get whatever a report holds. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
  // Strings dense in what Markdown, HTML and GitHub react to.
  fc
    .array(
      fc.constantFrom(
        '\n',
        '\r',
        '|',
        '`',
        '```',
        '~~~',
        '<',
        '>',
        '<img src=x>',
        '<!--',
        '-->',
        '<details>',
        '[a](b)',
        '![i](https://h/i.png)',
        '<https://h>',
        'https://h.example/x',
        'www.h.example',
        'a@b.example',
        '@org/team',
        '@user',
        '#1',
        'GH-2',
        ':smile:',
        '&amp;',
        '&#64;',
        '\\',
        '*',
        '_',
        '~',
        '#',
        '- ',
        '1. ',
        '> ',
        '    ',
        '\t',
        '=',
        '$x$',
        '[^1]',
        '[ ]',
        'x',
        ' ',
        '\u202e',
        '\u0000',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);

describe('untrustedText', () => {
  for (const [name, context] of Object.entries(INLINE_CONTEXTS)) {
    it(`renders any string as text alone: ${name}`, () => {
      // A slot left empty may drop its paragraph: that is the template's own shape, not the text's.
      const template = (value: string) => skeleton(renderGitHubMarkdown(context(expectedText(value) ? 'x' : '')));
      fc.assert(
        fc.property(anyText, (value) => {
          const page = renderGitHubMarkdown(context(untrustedText(value)));
          expect(skeleton(page)).toBe(template(value));
          for (const text of texts(page)) expect(githubTriggers(text)).toEqual([]);
          // The text itself arrives whole, once per slot.
          if (expectedText(value) !== '') expect(shown(textContent(page))).toContain(expectedText(value));
        }),
        { numRuns: 400, seed: 8007 },
      );
    });
  }
  for (const [name, context] of Object.entries(CODE_CONTEXTS)) {
    it(`renders any string as code alone: ${name}`, () => {
      const template = skeleton(renderGitHubMarkdown(context(untrustedCode('x'))));
      fc.assert(
        fc.property(anyText, (value) => {
          const page = renderGitHubMarkdown(context(untrustedCode(value)));
          expect(skeleton(page)).toBe(template);
          for (const text of texts(page)) expect(githubTriggers(text)).toEqual([]);
          expect(shown(textContent(elements(page, 'code')[0] as never))).toBe(expectedText(value));
        }),
        { numRuns: 400, seed: 8008 },
      );
    });
  }
});

describe('untrustedBlock', () => {
  it('keeps any text inside its fence, lines and all', () => {
    const context = (block: string) => `<details><summary>explain</summary>\n\n${block}\n</details>\n\nafter`;
    const template = skeleton(renderGitHubMarkdown(context(untrustedBlock('x'))));
    fc.assert(
      fc.property(anyText, (value) => {
        const page = renderGitHubMarkdown(context(untrustedBlock(value)));
        expect(skeleton(page)).toBe(template);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
        const body = value.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
        const shownBody = textContent(elements(page, 'code')[0] as never);
        // micromark drops one final line ending of a fenced block's content and tabs stay tabs.
        expect(shownBody.replace(/\n$/, '')).toBe(body.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd'));
      }),
      { numRuns: 400, seed: 8009 },
    );
  });
});

describe('the cases from the security review (issue 8)', () => {
  const cell = (value: string) => renderGitHubMarkdown(table(['Where', 'Message'], [[untrustedCode(value), 'm']]));

  it('a SARIF artifactLocation.uri with %0A cannot leave the table or render a heading, image or mention', () => {
    const uri = decodeURIComponent('src/a.js%0A%0A#%20Owned%0A<img src="https://evil.example/x.png">%0A@org/team');
    const page = cell(uri);
    expect(elements(page, 'h1')).toEqual([]);
    expect(elements(page, 'img')).toEqual([]);
    expect(elements(page, 'tr')).toHaveLength(2);
    expect(shown(textContent(elements(page, 'code')[0] as never))).toContain('<img src="https://evil.example/x.png">');
    for (const text of texts(page)) expect(githubTriggers(text)).toEqual([]);
  });

  it('a raw <img> and an HTML comment stay text', () => {
    const page = renderGitHubMarkdown(`- ${untrustedText('<img src=https://evil.example/p.gif><!-- hidden -->')}`);
    expect(elements(page, 'img')).toEqual([]);
    expect(skeleton(page)).toBe('<ul><li></li></ul>');
  });

  it('a JUnit test name with a mention and a link does not ping or link', () => {
    const name = 'adds @octocat and [click](https://evil.example) ![x](https://evil.example/i.png) @org/team';
    const page = renderGitHubMarkdown(table(['Suite', 'Test'], [['s', untrustedText(name)]]));
    expect(elements(page, 'a')).toEqual([]);
    expect(elements(page, 'img')).toEqual([]);
    expect(shown(textContent(page))).toContain(name);
    for (const text of texts(page)) expect(githubTriggers(text)).toEqual([]);
  });

  it('a file name that closes a fence stays inside the block', () => {
    const names = 'src/ok.ts\n```\n# Owned\n<img src=x>\n````\n@team';
    const page = renderGitHubMarkdown(`${untrustedBlock(names)}\n\nafter`);
    expect(skeleton(page)).toBe('<pre><code class="language-text"></code></pre><p></p>');
    expect(textContent(elements(page, 'code')[0] as never)).toBe(`${names}\n`);
  });

  it('leaves plain report text readable in the Markdown source', () => {
    expect(untrustedText('junit.xml:5:3: malformed XML: unclosed tag: testcase')).toBe(
      'junit.xml:5:3: malformed XML: unclosed tag: testcase',
    );
    expect(untrustedText('2 passed, 0 failed (3/4) ≥ 75%')).toBe('2 passed, 0 failed (3/4) ≥ 75%');
    expect(untrustedText('75.00% (3/4)')).toBe('75.00% (3/4)');
    expect(untrustedText('1. item')).toBe('1&#46; item');
    expect(untrustedText('@user <b>')).toBe('@&#8203;user &#60;b&#62;');
  });
});
