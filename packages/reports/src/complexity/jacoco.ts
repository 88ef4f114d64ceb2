import { FileError } from '@ccm/toolkit/errors';
import type { SaxesTagPlain } from 'saxes';
import type { ReportFormat } from '../format';
import type { FunctionComplexity } from '../model';
import { keep } from '../source';
import { numberAttribute, streamXml, type XmlHandlers, type XmlPosition } from '../xml';

/**
 * JaCoCo XML (root `<report>`, report.dtd 1.0/1.1) read for per-method cyclomatic complexity:
 * each `<method name desc line>` of a `<class>` of a `<package>` (possibly inside `<group>`s) has a
 * `<counter type="COMPLEXITY" missed covered>`; its complexity is missed + covered.
 *
 * Names are `SimpleClass.method` with the JVM's own spelling: nested classes keep `$`
 * (`Builder$Companion`), constructors and static initialisers stay `<init>` and `<clinit>`, which a
 * JVM user recognises and which cannot clash with a method named like its class. Overloads share a
 * name and differ by line.
 * The file is `package/sourcefilename`. Reports of older JaCoCo versions leave `sourcefilename` out;
 * then the package's only `<sourcefile>`, or the one whose stem is the outer class name (or a Kotlin
 * `FooKt` facade's `Foo`) is taken, else `package/OuterClass` without an extension. Streamed: one package in memory.
 */
export const jacocoComplexity: ReportFormat<'complexity'> = {
  id: 'jacoco-complexity',
  label: 'JaCoCo XML',
  kind: 'complexity',
  // JaCoCo's <report> always has a name (report.dtd: #REQUIRED); other tools' <report> roots may not.
  matchXmlRoot: (root) => root.name === 'report' && root.attributes.name !== undefined,
  async parse({ file }) {
    const reader = new JacocoMethods(file);
    await streamXml(file, (position) => reader.handlers(position));
    if (reader.methods === 0) {
      throw new FileError({ file }, 'no <method> elements: the report holds no per-method data');
    }
    return { functions: reader.functions };
  },
};

type Tag = SaxesTagPlain;

/** The package, class and method open around the parser; one method per element. */
class JacocoMethods {
  readonly functions: FunctionComplexity[] = [];
  methods = 0;
  private pkg: { name: string; sourceFiles: Set<string>; pending: Pending[] } | undefined;
  private cls: { name: string; source?: string } | undefined;
  private method: { name: string; line?: number; complexity?: number } | undefined;
  private position: () => XmlPosition = () => ({ line: 0, column: 0 });

  constructor(private readonly file: string) {}

  handlers(position: () => XmlPosition): XmlHandlers {
    this.position = position;
    return { open: (tag, path) => this.open(tag, path), close: (tag) => this.close(tag) };
  }

  private open(tag: Tag, path: readonly string[]): void {
    if (path.length === 0 && tag.name !== 'report') throw this.fail(`root <${tag.name}>, expected JaCoCo's <report>`);
    switch (tag.name) {
      case 'package':
        this.openPackage(tag);
        break;
      case 'sourcefile':
        this.sourceFile(tag, path);
        break;
      case 'class':
        this.openClass(tag);
        break;
      case 'method':
        this.openMethod(tag);
        break;
      case 'counter':
        if (path.at(-1) === 'method') this.counter(tag);
        break;
    }
  }

  private openPackage(tag: Tag): void {
    // The default package is written name="".
    const name = tag.attributes.name;
    if (name === undefined) throw this.fail('<package> has no name attribute');
    this.pkg = { name, sourceFiles: new Set(), pending: [] };
  }

  /** A package's own `<sourcefile>`s name the files its classes may come from. */
  private sourceFile(tag: Tag, path: readonly string[]): void {
    if (path.at(-1) === 'package') this.pkg?.sourceFiles.add(this.required(tag, 'name'));
  }

  private openClass(tag: Tag): void {
    if (!this.pkg) throw this.fail('<class> outside a <package>');
    const source = tag.attributes.sourcefilename;
    const name = this.required(tag, 'name');
    if (name.endsWith('/')) throw this.fail(`<class name="${name}">: not a class name`);
    this.cls = { name, ...(source ? { source } : {}) };
  }

  private openMethod(tag: Tag): void {
    if (!this.cls) throw this.fail('<method> outside a <class>');
    const line = numberAttribute(tag, 'line', this.file, this.position());
    if (line !== undefined && !(Number.isInteger(line) && line >= 1)) {
      throw this.fail(`<method line="${tag.attributes.line}">: not a line number`);
    }
    this.method = { name: this.required(tag, 'name'), ...(line !== undefined ? { line } : {}) };
  }

  /** A method's COMPLEXITY counter; its other counters (lines, branches...) are coverage. */
  private counter(tag: Tag): void {
    const method = this.method;
    if (!method || tag.attributes.type !== 'COMPLEXITY') return;
    const at = this.position();
    const missed = numberAttribute(tag, 'missed', this.file, at, { required: true }) as number;
    const covered = numberAttribute(tag, 'covered', this.file, at, { required: true }) as number;
    if (!Number.isInteger(missed) || !Number.isInteger(covered) || missed < 0 || covered < 0) {
      throw this.fail(`COMPLEXITY counter of ${method.name}: missed/covered must be counts`);
    }
    method.complexity = missed + covered;
  }

  private close(tag: Tag): void {
    if (tag.name === 'method') this.closeMethod();
    else if (tag.name === 'class') this.cls = undefined;
    else if (tag.name === 'package') this.closePackage();
  }

  private closeMethod(): void {
    const { method, cls, pkg } = this;
    if (!method || !cls || !pkg) return;
    if (method.complexity === undefined) throw this.fail(`method ${cls.name}.${method.name} has no COMPLEXITY counter`);
    pkg.pending.push({
      cls: cls.name,
      source: cls.source,
      method: method.name,
      line: method.line,
      complexity: method.complexity,
    });
    this.methods++;
    this.method = undefined;
  }

  /** A package's source files are all known at its end: only then can its classes be given a file. */
  private closePackage(): void {
    const pkg = this.pkg;
    if (!pkg) return;
    for (const entry of pkg.pending) this.functions.push(toFunction(entry, pkg.name, pkg.sourceFiles));
    this.pkg = undefined;
  }

  private required(tag: Tag, attribute: string): string {
    const value = tag.attributes[attribute];
    if (value === undefined || value === '') throw this.fail(`<${tag.name}> has no ${attribute} attribute`);
    return value;
  }

  private fail(reason: string): FileError {
    return new FileError({ file: this.file, ...this.position() }, reason);
  }
}

interface Pending {
  cls: string;
  source: string | undefined;
  method: string;
  line: number | undefined;
  complexity: number;
}

function toFunction(entry: Pending, pkg: string, sourceFiles: ReadonlySet<string>): FunctionComplexity {
  const simple = entry.cls.slice(entry.cls.lastIndexOf('/') + 1);
  const outer = simple.split('$')[0] as string;
  const source = entry.source ?? guessSource(outer, sourceFiles) ?? outer;
  // Joined from attribute values, which are views into the read chunk: the kept strings are copies.
  return {
    file: keep(pkg === '' ? source : `${pkg}/${source}`),
    name: keep(`${simple}.${entry.method}`),
    ...(entry.line !== undefined ? { line: entry.line } : {}),
    complexity: entry.complexity,
  };
}

function guessSource(outer: string, sourceFiles: ReadonlySet<string>): string | undefined {
  // A package compiled from one source file: every class in it comes from that file.
  if (sourceFiles.size === 1) return [...sourceFiles][0];
  const facade = outer.endsWith('Kt') ? outer.slice(0, -2) : undefined;
  for (const name of sourceFiles) {
    const stem = name.slice(0, name.lastIndexOf('.') === -1 ? undefined : name.lastIndexOf('.'));
    if (stem === outer || stem === facade) return name;
  }
  return undefined;
}
