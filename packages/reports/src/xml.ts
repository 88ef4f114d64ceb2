import { createReadStream } from 'node:fs';
import { FileError } from '@ccm/toolkit/errors';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { XmlRoot } from './format';

/**
 * The root element of an XML document from its first bytes, skipping the prolog, comments and DOCTYPE.
 * Undefined when the head holds no start tag.
 */
export function readXmlRoot(head: string): XmlRoot | undefined {
  const withoutProlog = head
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/gi, '');
  const match = /<([A-Za-z_][\w.:-]*)((?:\s+[^\s=>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(withoutProlog);
  if (!match?.[1]) return undefined;
  const attributes: Record<string, string> = {};
  for (const attribute of (match[2] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes[attribute[1] as string] = attribute[2] ?? attribute[3] ?? '';
  }
  return { name: match[1], attributes };
}

export interface XmlHandlers {
  /** An element opened; `path` holds the names of its ancestors, outermost first. */
  open?: (tag: SaxesTagPlain, path: readonly string[]) => void;
  close?: (tag: SaxesTagPlain, path: readonly string[]) => void;
  /** Character data (text and CDATA) inside the current element. */
  text?: (text: string, path: readonly string[]) => void;
  /**
   * The elements whose character data (descendants' included) `text` receives; without it, it receives
   * all of it. Elsewhere saxes is not asked for text, which saves a string per element on a report of
   * many small elements (the indentation between every `<line/>`). Well-formedness is checked alike.
   */
  textIn?: ReadonlySet<string>;
}

/** The position of the parser, for errors raised by handlers. */
export interface XmlPosition {
  line: number;
  column: number;
}

/**
 * A position, or the parser's position getter: checks on every element take the getter and call it
 * only to report an error, so a valid element costs no position object.
 */
export type XmlWhere = XmlPosition | (() => XmlPosition);

export function positionOf(at: XmlWhere): XmlPosition {
  return typeof at === 'function' ? at() : at;
}

/**
 * Streams an XML file through saxes, one chunk at a time, so memory stays flat on 1 GB reports.
 * Malformed or truncated XML, and any error a handler throws, becomes a FileError with line and column.
 * External entities are never resolved (saxes does not fetch DTDs).
 */
export async function streamXml(
  file: string,
  handlers: XmlHandlers | ((position: () => XmlPosition) => XmlHandlers),
): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const position = (): XmlPosition => ({ line: parser.line, column: parser.column });
  const { open, close, text, textIn } = typeof handlers === 'function' ? handlers(position) : handlers;
  const path: string[] = [];
  const texts = new TextSwitch(parser, text && ((data: string) => text(data, path)), textIn);
  let failure: unknown;
  parser.on('error', (error) => {
    failure ??= error;
  });
  const onOpenTag = (tag: SaxesTagPlain) => {
    open?.(tag, path);
    // A self-closing element has no text: the switch is left alone.
    if (tag.isSelfClosing) close?.(tag, path);
    else {
      texts.opened(tag.name);
      path.push(tag.name);
    }
  };
  const onCloseTag = (tag: SaxesTagPlain) => {
    if (tag.isSelfClosing) return;
    path.pop();
    close?.(tag, path);
    texts.closed(tag.name);
  };
  parser.on('opentag', onOpenTag);
  parser.on('closetag', onCloseTag);

  const fail = (reason: unknown): never => {
    if (reason instanceof FileError) throw reason;
    const message = reason instanceof Error ? reason.message : String(reason);
    // saxes prefixes its messages with "line:column: "; we carry those as a location instead.
    const located = /^(\d+):(\d+): (.*)$/s.exec(message);
    if (located) {
      throw new FileError(
        { file, line: Number(located[1]), column: Number(located[2]) },
        `malformed XML: ${located[3]}`,
      );
    }
    throw new FileError({ file, line: parser.line, column: parser.column }, message);
  };

  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      parser.write(chunk as string);
      if (failure) fail(failure);
    }
    parser.close();
    if (failure) fail(failure);
  } catch (error) {
    fail(error);
  }
  if (path.length > 0) {
    throw new FileError({ file, line: parser.line }, `truncated XML: <${path.at(-1)}> is never closed`);
  }
}

/** Turns saxes' text and CDATA events on inside the `textIn` elements and off outside them. */
class TextSwitch {
  private depth = 0;

  constructor(
    private readonly parser: SaxesParser,
    private readonly deliver: ((data: string) => void) | undefined,
    private readonly names: ReadonlySet<string> | undefined,
  ) {
    if (!names) this.set(true);
  }

  opened(name: string): void {
    if (this.names?.has(name) && this.depth++ === 0) this.set(true);
  }

  closed(name: string): void {
    if (this.names?.has(name) && --this.depth === 0) this.set(false);
  }

  private set(on: boolean): void {
    if (!this.deliver) return;
    if (on) {
      this.parser.on('text', this.deliver);
      this.parser.on('cdata', this.deliver);
    } else {
      this.parser.off('text');
      this.parser.off('cdata');
    }
  }
}

/** A numeric attribute, or an error naming the element, attribute and position. */
export function numberAttribute(
  tag: SaxesTagPlain,
  attribute: string,
  file: string,
  at: XmlWhere,
  options: { required?: boolean } = {},
): number | undefined {
  const raw = tag.attributes[attribute];
  if (raw === undefined || raw === '') {
    if (options.required) {
      throw new FileError({ file, ...positionOf(at) }, `<${tag.name}> has no ${attribute} attribute`);
    }
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new FileError({ file, ...positionOf(at) }, `<${tag.name} ${attribute}="${raw}">: expected a number`);
  }
  return value;
}
