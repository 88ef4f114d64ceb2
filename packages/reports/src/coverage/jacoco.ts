import { FileError } from '@ccm/toolkit/errors';
import type { SaxesTagPlain } from 'saxes';
import type { ReportFormat } from '../format';
import type { CoverageSink } from '../model';
import { streamXml, type XmlHandlers, type XmlPosition } from '../xml';
import { LineHits } from './line-hits';
import { countAttribute, lineAttribute, stringAttribute } from './xml-attributes';

/** Every element of the JaCoCo report DTD (report.dtd, `-//JACOCO//DTD Report 1.1//EN`). */
const ELEMENTS = new Set([
  'report',
  'sessioninfo',
  'group',
  'package',
  'class',
  'method',
  'sourcefile',
  'line',
  'counter',
]);

/**
 * JaCoCo XML coverage (jacoco:report, Gradle jacocoTestReport, Kover). One record per
 * `<package name><sourcefile name>`, named `package/name` as JaCoCo names sources (VM notation).
 * A `<line>` is executable when it has instructions (mi + ci > 0) and covered when one ran (ci > 0).
 * The per-method COMPLEXITY counters are the complexity parser's business, not this one's.
 */
export const jacoco: ReportFormat<'coverage'> = {
  id: 'jacoco',
  label: 'JaCoCo XML',
  kind: 'coverage',
  matchXmlRoot: (root) => root.name === 'report' && 'name' in root.attributes,
  async parse({ file, sink }) {
    const reader = new JacocoLines(file, sink);
    await streamXml(file, (position) => reader.handlers(position));
  },
};

/** The package and source file open around the parser; one method per element that matters. */
class JacocoLines {
  private packageName: string | undefined;
  private path: string | undefined;
  private lines = new LineHits();
  private at: () => XmlPosition = () => ({ line: 0, column: 0 });

  constructor(
    private readonly file: string,
    private readonly sink: CoverageSink,
  ) {}

  handlers(position: () => XmlPosition): XmlHandlers {
    this.at = position;
    return { open: (tag, ancestors) => this.open(tag, ancestors), close: (tag) => this.close(tag) };
  }

  private open(tag: SaxesTagPlain, ancestors: readonly string[]): void {
    // The DTD is closed: another element means another kind of <report>, which must not pass.
    if (!ELEMENTS.has(tag.name)) this.fail(`not a JaCoCo report: unexpected element <${tag.name}>`);
    if (ancestors.length === 0 && tag.name !== 'report') {
      this.fail(`not a JaCoCo report: the root is <${tag.name}>, not <report>`);
    }
    if (tag.name === 'package') this.openPackage(tag);
    else if (tag.name === 'sourcefile') this.openSourceFile(tag);
    else if (tag.name === 'line') this.line(tag, ancestors);
  }

  private openPackage(tag: SaxesTagPlain): void {
    // The default package has an empty name.
    this.packageName = tag.attributes.name;
    if (this.packageName === undefined) this.fail('<package> has no name attribute');
  }

  private openSourceFile(tag: SaxesTagPlain): void {
    if (this.packageName === undefined) this.fail('<sourcefile> outside a <package>');
    const name = stringAttribute(tag, 'name', this.file, this.at);
    this.path = this.packageName === '' ? name : `${this.packageName}/${name}`;
    this.lines = new LineHits();
  }

  /** Executable when it has instructions (mi + ci > 0), covered when one ran (ci > 0). */
  private line(tag: SaxesTagPlain, ancestors: readonly string[]): void {
    if (this.path === undefined || ancestors.at(-1) !== 'sourcefile') this.fail('<line> outside a <sourcefile>');
    const { file } = this;
    const line = lineAttribute(tag, 'nr', file, this.at);
    const missed = countAttribute(tag, 'mi', file, this.at, 0);
    const covered = countAttribute(tag, 'ci', file, this.at, 0);
    if (missed + covered > 0) this.lines.add(line, covered);
  }

  private close(tag: SaxesTagPlain): void {
    if (tag.name === 'sourcefile' && this.path !== undefined) {
      this.sink({ path: this.path, lines: this.lines });
      this.path = undefined;
    } else if (tag.name === 'package') {
      this.packageName = undefined;
    }
  }

  private fail(reason: string): never {
    throw new FileError({ file: this.file, ...this.at() }, reason);
  }
}
