import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { type DefaultTreeAdapterTypes, parseFragment } from 'parse5';

/**
 * Markdown as GitHub turns it into a page, for tests: micromark with its GFM extensions (tables,
 * autolink literals, strikethrough, footnotes, task lists, the tag filter), raw HTML passed through
 * as GitHub's renderer does before sanitising, then the HTML parsed by parse5 as a browser would.
 * GitHub's own passes over the rendered text (mentions, issue references, emoji) are not Markdown:
 * `githubTriggers` finds what they would act on.
 */
export function renderGitHubMarkdown(markdown: string): DefaultTreeAdapterTypes.DocumentFragment {
  const html = micromark(markdown, {
    allowDangerousHtml: true,
    allowDangerousProtocol: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
  return parseFragment(html);
}

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.DocumentFragment;

function children(node: Node): DefaultTreeAdapterTypes.ChildNode[] {
  if ('content' in node && node.nodeName === 'template') return node.content.childNodes;
  return 'childNodes' in node ? node.childNodes : [];
}

/**
 * The document's shape without its text: elements with their attributes, and comments (without
 * their text either). Two
 * renderings of one template with different text in its slots have the same skeleton exactly when
 * no slot's text turned into markup.
 */
export function skeleton(node: Node): string {
  if (node.nodeName === '#text') return '';
  if (node.nodeName === '#comment') return '<!---->';
  const inner = children(node).map(skeleton).join('');
  if (node.nodeName === '#document-fragment') return inner;
  const element = node as DefaultTreeAdapterTypes.Element;
  const attributes = element.attrs.map((a) => ` ${a.name}="${a.value}"`).join('');
  return `<${element.tagName}${attributes}>${inner}</${element.tagName}>`;
}

/** Every text node's value, in document order. */
export function texts(node: Node): string[] {
  if (node.nodeName === '#text') return [(node as DefaultTreeAdapterTypes.TextNode).value];
  return children(node).flatMap(texts);
}

/** The elements with a given tag name, in document order. */
export function elements(node: Node, tagName: string): DefaultTreeAdapterTypes.Element[] {
  const own = node.nodeName === tagName ? [node as DefaultTreeAdapterTypes.Element] : [];
  return [...own, ...children(node).flatMap((child) => elements(child, tagName))];
}

/** The text content of a node. */
export function textContent(node: Node): string {
  return texts(node).join('');
}

/**
 * What GitHub acts on in rendered text: `@user`/`@org/team` mentions, `#1` and `GH-1` issue
 * references, scheme URLs, `www.` domains, e-mail addresses, and emoji short codes that start with
 * a letter (`:100:`-like codes after a line number are left: an emoji, never a link or a ping).
 */
const TRIGGERS: readonly [string, RegExp][] = [
  ['mention', /(?:^|[^\w`])@[a-z0-9]/i],
  ['issue reference', /(?:^|[^\w&])#\d/],
  ['GH- reference', /\bgh-\d/i],
  ['URL', /[a-z][a-z0-9+.-]*:\/\//i],
  ['www domain', /\bwww\./i],
  ['e-mail address', /[\w.+-]@[a-z0-9-]+\.[a-z0-9]/i],
  ['emoji', /:[a-z_+-][a-z0-9_+-]*:/i],
];

export function githubTriggers(text: string): string[] {
  return TRIGGERS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}
