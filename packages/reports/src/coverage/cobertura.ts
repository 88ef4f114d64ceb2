import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import type { SaxesTagPlain } from 'saxes';
import type { ReportFormat } from '../format';
import type { CoverageSink } from '../model';
import { keep } from '../source';
import { streamXml, type XmlHandlers, type XmlPosition } from '../xml';
import { isLineNumber } from './checks';
import { LineHits } from './line-hits';
import { countAttribute, lineAttribute, stringAttribute } from './xml-attributes';

/**
 * Cobertura XML (coverage.py `xml`, Istanbul `cobertura`, gcovr, ReportGenerator...). One record per
 * `<class>` from its `<lines>`; the `<methods>` lines repeat class lines and are skipped.
 * Streamed: `<sources>` precedes `<packages>` in the DTD, so sources are known before any class.
 */
export const cobertura: ReportFormat<'coverage'> = {
  id: 'cobertura',
  label: 'Cobertura XML',
  kind: 'coverage',
  matchXmlRoot: (root) => root.name === 'coverage' && 'line-rate' in root.attributes,
  async parse({ file, root, sink }) {
    const reader = new CoberturaReader(file, root, sink);
    await streamXml(file, (position) => reader.handlers(position));
    if (!reader.sawPackages) throw new FileError({ file }, 'no <packages> element: not a Cobertura report');
  },
};

/** Only `<source>` elements hold text this parser reads. */
const TEXT_IN: ReadonlySet<string> = new Set(['source']);

/** The sources read so far and the `<class>` open around the parser; one method per element. */
class CoberturaReader {
  sawPackages = false;
  private readonly sources: string[] = [];
  private sourceText: string | undefined;
  private path: string | undefined;
  private lines = new LineHits();
  private readonly resolved = new Map<string, string>();
  private at: () => XmlPosition = () => ({ line: 0, column: 0 });

  constructor(
    private readonly file: string,
    private readonly root: string,
    private readonly sink: CoverageSink,
  ) {}

  handlers(position: () => XmlPosition): XmlHandlers {
    this.at = position;
    return {
      open: (tag, ancestors) => this.open(tag, ancestors),
      text: (data) => {
        if (this.sourceText !== undefined) this.sourceText += data;
      },
      textIn: TEXT_IN,
      close: (tag) => this.close(tag),
    };
  }

  private open(tag: SaxesTagPlain, ancestors: readonly string[]): void {
    // <line> first: it is almost every element. The conditions exclude each other, so order is free.
    const depth = ancestors.length;
    if (tag.name === 'line' && ancestors[depth - 1] === 'lines' && ancestors[depth - 2] === 'class') this.line(tag);
    else if (depth === 0) this.openRoot(tag);
    else if (tag.name === 'source' && ancestors[depth - 1] === 'sources') this.sourceText = '';
    else if (tag.name === 'packages') this.sawPackages = true;
    else if (tag.name === 'class') this.openClass(tag);
  }

  private openRoot(tag: SaxesTagPlain): void {
    if (tag.name !== 'coverage') {
      throw new FileError(
        { file: this.file, ...this.at() },
        `not a Cobertura report: the root is <${tag.name}>, not <coverage>`,
      );
    }
  }

  private openClass(tag: SaxesTagPlain): void {
    const filename = stringAttribute(tag, 'filename', this.file, this.at);
    // Many classes share a file (inner classes, one class per Python module): look it up once.
    let path = this.resolved.get(filename);
    if (path === undefined) {
      const kept = keep(filename);
      path = resolveFilename(kept, this.sources, this.root);
      this.resolved.set(kept, path);
    }
    this.path = path;
    this.lines = new LineHits();
  }

  private line(tag: SaxesTagPlain): void {
    if (this.path === undefined) throw new FileError({ file: this.file, ...this.at() }, '<line> outside a <class>');
    // Read by name (a fast property load) and checked in one go; anything else takes the helpers,
    // which accept and refuse the same values and name the problem.
    const { number, hits } = tag.attributes;
    const line = Number(number);
    const count = Number(hits);
    if (isLineNumber(line) && count >= 0 && count < Number.POSITIVE_INFINITY && hits !== '') {
      this.lines.add(line, count);
      return;
    }
    const { file, at } = this;
    this.lines.add(lineAttribute(tag, 'number', file, at), countAttribute(tag, 'hits', file, at));
  }

  private close(tag: SaxesTagPlain): void {
    if (tag.name === 'source' && this.sourceText !== undefined) {
      this.sources.push(keep(this.sourceText.trim()));
      this.sourceText = undefined;
    } else if (tag.name === 'class' && this.path !== undefined) {
      this.sink({ path: this.path, lines: this.lines });
      this.path = undefined;
    }
  }
}

/**
 * A class's filename is relative to one of the `<sources>`. Where an absolute source joined with it
 * lies inside the workspace, that absolute path is used (the loader makes it relative to the root), so
 * a report written in a subfolder still names files from the root. Of several such sources, the first
 * where the file exists wins, else the first; with none, the filename stays as written.
 */
function resolveFilename(filename: string, sources: readonly string[], root: string): string {
  if (isAbsolute(filename)) return filename;
  const inside = sources
    .filter((source) => isAbsolute(source))
    .map((source) => join(source, filename))
    .filter((candidate) => isInside(root, candidate));
  // One candidate leaves nothing to choose: no look-up in the file system (one per file of the report).
  if (inside.length > 1) return inside.find((candidate) => existsSync(candidate)) ?? (inside[0] as string);
  return inside[0] ?? filename;
}

function isInside(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot.split(sep)[0] !== '..' && !isAbsolute(fromRoot);
}
