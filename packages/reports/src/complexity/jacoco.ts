import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import type { FunctionComplexity } from '../model';
import { numberAttribute, streamXml } from '../xml';

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
    const functions: FunctionComplexity[] = [];
    let methods = 0;

    await streamXml(file, (position) => {
      let pkg: { name: string; sourceFiles: Set<string>; pending: Pending[] } | undefined;
      let cls: { name: string; source?: string } | undefined;
      let method: { name: string; line?: number; complexity?: number } | undefined;
      const fail = (reason: string) => new FileError({ file, ...position() }, reason);
      const required = (tag: { name: string; attributes: Record<string, string> }, attribute: string) => {
        const value = tag.attributes[attribute];
        if (value === undefined || value === '') throw fail(`<${tag.name}> has no ${attribute} attribute`);
        return value;
      };

      return {
        open(tag, path) {
          if (path.length === 0 && tag.name !== 'report') throw fail(`root <${tag.name}>, expected JaCoCo's <report>`);
          switch (tag.name) {
            case 'package': {
              // The default package is written name="".
              const name = tag.attributes.name;
              if (name === undefined) throw fail('<package> has no name attribute');
              pkg = { name, sourceFiles: new Set(), pending: [] };
              break;
            }
            case 'sourcefile':
              if (path.at(-1) === 'package') pkg?.sourceFiles.add(required(tag, 'name'));
              break;
            case 'class': {
              if (!pkg) throw fail('<class> outside a <package>');
              const source = tag.attributes.sourcefilename;
              const name = required(tag, 'name');
              if (name.endsWith('/')) throw fail(`<class name="${name}">: not a class name`);
              cls = { name, ...(source ? { source } : {}) };
              break;
            }
            case 'method': {
              if (!cls) throw fail('<method> outside a <class>');
              const line = numberAttribute(tag, 'line', file, position());
              if (line !== undefined && !(Number.isInteger(line) && line >= 1)) {
                throw fail(`<method line="${tag.attributes.line}">: not a line number`);
              }
              method = { name: required(tag, 'name'), ...(line !== undefined ? { line } : {}) };
              break;
            }
            case 'counter':
              if (method && path.at(-1) === 'method' && tag.attributes.type === 'COMPLEXITY') {
                const at = position();
                const missed = numberAttribute(tag, 'missed', file, at, { required: true }) as number;
                const covered = numberAttribute(tag, 'covered', file, at, { required: true }) as number;
                if (!Number.isInteger(missed) || !Number.isInteger(covered) || missed < 0 || covered < 0) {
                  throw fail(`COMPLEXITY counter of ${method.name}: missed/covered must be counts`);
                }
                method.complexity = missed + covered;
              }
              break;
          }
        },
        close(tag) {
          if (tag.name === 'method' && method && cls && pkg) {
            if (method.complexity === undefined) {
              throw fail(`method ${cls.name}.${method.name} has no COMPLEXITY counter`);
            }
            pkg.pending.push({
              cls: cls.name,
              source: cls.source,
              method: method.name,
              line: method.line,
              complexity: method.complexity,
            });
            methods++;
            method = undefined;
          } else if (tag.name === 'class') {
            cls = undefined;
          } else if (tag.name === 'package' && pkg) {
            for (const entry of pkg.pending) functions.push(toFunction(entry, pkg.name, pkg.sourceFiles));
            pkg = undefined;
          }
        },
      };
    });
    if (methods === 0) throw new FileError({ file }, 'no <method> elements: the report holds no per-method data');
    return { functions };
  },
};

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
  return {
    file: pkg === '' ? source : `${pkg}/${source}`,
    name: `${simple}.${entry.method}`,
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
