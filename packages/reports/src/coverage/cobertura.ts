import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import type { SaxesTagPlain } from 'saxes';
import type { ReportFormat } from '../format';
import type { CoverageSink } from '../model';
import { streamXml, type XmlHandlers, type XmlPosition } from '../xml';
import { setMax } from './checks';
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

/** The sources read so far and the `<class>` open around the parser; one method per element. */
class CoberturaReader {
  sawPackages = false;
  private readonly sources: string[] = [];
  private sourceText: string | undefined;
  private path: string | undefined;
  private lines = new Map<number, number>();
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
      close: (tag) => this.close(tag),
    };
  }

  private open(tag: SaxesTagPlain, ancestors: readonly string[]): void {
    if (ancestors.length === 0) this.openRoot(tag);
    else if (tag.name === 'source' && ancestors.at(-1) === 'sources') this.sourceText = '';
    else if (tag.name === 'packages') this.sawPackages = true;
    else if (tag.name === 'class') this.openClass(tag);
    else if (tag.name === 'line' && ancestors.at(-1) === 'lines' && ancestors.at(-2) === 'class') this.line(tag);
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
    const filename = stringAttribute(tag, 'filename', this.file, this.at());
    // Many classes share a file (inner classes, one class per Python module): look it up once.
    let path = this.resolved.get(filename);
    if (path === undefined) {
      path = resolveFilename(filename, this.sources, this.root);
      this.resolved.set(filename, path);
    }
    this.path = path;
    this.lines = new Map();
  }

  private line(tag: SaxesTagPlain): void {
    if (this.path === undefined) throw new FileError({ file: this.file, ...this.at() }, '<line> outside a <class>');
    const { file } = this;
    setMax(this.lines, lineAttribute(tag, 'number', file, this.at()), countAttribute(tag, 'hits', file, this.at()));
  }

  private close(tag: SaxesTagPlain): void {
    if (tag.name === 'source' && this.sourceText !== undefined) {
      this.sources.push(this.sourceText.trim());
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
 * a report written in a subfolder still names files from the root. A source where the file exists wins;
 * with none, the filename stays as written.
 */
function resolveFilename(filename: string, sources: readonly string[], root: string): string {
  if (isAbsolute(filename)) return filename;
  let inside: string | undefined;
  for (const source of sources) {
    if (!isAbsolute(source)) continue;
    const candidate = join(source, filename);
    const fromRoot = relative(root, candidate);
    if (fromRoot.split(sep)[0] === '..' || isAbsolute(fromRoot)) continue;
    if (existsSync(candidate)) return candidate;
    inside ??= candidate;
  }
  return inside ?? filename;
}
