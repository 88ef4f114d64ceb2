import { FileError } from '@ccm/toolkit/errors';
import type { SaxesTagPlain } from 'saxes';
import type { ReportFormat } from '../format';
import type { CoverageSink } from '../model';
import { streamXml, type XmlHandlers, type XmlPosition } from '../xml';
import { LineHits } from './line-hits';
import { countAttribute, lineAttribute, stringAttribute } from './xml-attributes';

/**
 * Clover XML (OpenClover, Istanbul `clover`, PHPUnit / php-code-coverage). One record per `<file>`
 * under `<project>`, named by its `path` (Istanbul, OpenClover) or else its `name` (older PHPUnit).
 *
 * Lines are the `<line>` elements of type `stmt` and `cond`. `method` lines are skipped: they mark a
 * declaration (and whether the method was entered), not an executable line; php-code-coverage counts
 * a file's `statements` metric from its `stmt` lines alone and Istanbul from `stmt` + `cond`, so this
 * matches what each tool calls a file's statements. A line that holds several constructs counts once.
 * `<testproject>` (OpenClover's test sources) is not coverage of the product and is skipped.
 */
export const clover: ReportFormat<'coverage'> = {
  id: 'clover',
  label: 'Clover XML',
  kind: 'coverage',
  matchXmlRoot: (root) =>
    root.name === 'coverage' &&
    !('line-rate' in root.attributes) &&
    ('clover' in root.attributes || 'generated' in root.attributes),
  async parse({ file, sink }) {
    const reader = new CloverReader(file, sink);
    await streamXml(file, (position) => reader.handlers(position));
    if (!reader.sawProject) throw new FileError({ file }, 'no <project> element: not a Clover report');
  },
};

/** The `<file>` open around the parser and its lines so far; one method per element. */
class CloverReader {
  sawProject = false;
  private path: string | undefined;
  private lines = new LineHits();
  private at: () => XmlPosition = () => ({ line: 0, column: 0 });

  constructor(
    private readonly file: string,
    private readonly sink: CoverageSink,
  ) {}

  handlers(position: () => XmlPosition): XmlHandlers {
    this.at = position;
    return {
      open: (tag, ancestors) => this.open(tag, ancestors),
      close: (tag, ancestors) => this.close(tag, ancestors),
    };
  }

  private open(tag: SaxesTagPlain, ancestors: readonly string[]): void {
    if (ancestors.length === 0) {
      if (tag.name !== 'coverage') this.fail(`not a Clover report: the root is <${tag.name}>, not <coverage>`);
      return;
    }
    if (ancestors[1] !== 'project') {
      if (tag.name === 'project' && ancestors.length === 1) this.sawProject = true;
      return;
    }
    if (tag.name === 'file') this.openFile(tag);
    else if (tag.name === 'line') this.line(tag, ancestors);
  }

  /** Named by its `path` (Istanbul, OpenClover), else its `name` (older PHPUnit). */
  private openFile(tag: SaxesTagPlain): void {
    if (this.path !== undefined) this.fail('<file> inside another <file>');
    const named = tag.attributes.path?.trim() ? tag.attributes.path : undefined;
    this.path = named ?? stringAttribute(tag, 'name', this.file, this.at);
    this.lines = new LineHits();
  }

  private line(tag: SaxesTagPlain, ancestors: readonly string[]): void {
    if (this.path === undefined || ancestors.at(-1) !== 'file') this.fail('<line> outside a <file>');
    const num = lineAttribute(tag, 'num', this.file, this.at);
    const type = tag.attributes.type;
    if (type === 'stmt') this.lines.add(num, countAttribute(tag, 'count', this.file, this.at));
    else if (type === 'cond') this.lines.add(num, this.condCount(tag));
    else if (type !== 'method') this.fail(`<line type="${type ?? ''}">: expected method, stmt or cond`);
  }

  /** The schema gives a cond true/false counts; Istanbul also writes the line's count. */
  private condCount(tag: SaxesTagPlain): number {
    const { file } = this;
    if (tag.attributes.count !== undefined) return countAttribute(tag, 'count', file, this.at);
    return countAttribute(tag, 'truecount', file, this.at, 0) + countAttribute(tag, 'falsecount', file, this.at, 0);
  }

  private close(tag: SaxesTagPlain, ancestors: readonly string[]): void {
    if (tag.name === 'file' && ancestors[1] === 'project' && this.path !== undefined) {
      this.sink({ path: this.path, lines: this.lines });
      this.path = undefined;
    }
  }

  private fail(reason: string): never {
    throw new FileError({ file: this.file, ...this.at() }, reason);
  }
}
