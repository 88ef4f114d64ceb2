import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import { streamXml } from '../xml';
import { setMax } from './checks';
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
    let packageName: string | undefined;
    let path: string | undefined;
    let lines = new Map<number, number>();

    await streamXml(file, (at) => ({
      open(tag, ancestors) {
        // The DTD is closed: another element means another kind of <report>, which must not pass.
        if (!ELEMENTS.has(tag.name)) {
          throw new FileError({ file, ...at() }, `not a JaCoCo report: unexpected element <${tag.name}>`);
        }
        if (ancestors.length === 0 && tag.name !== 'report') {
          throw new FileError({ file, ...at() }, `not a JaCoCo report: the root is <${tag.name}>, not <report>`);
        }
        if (tag.name === 'package') {
          // The default package has an empty name.
          packageName = tag.attributes.name;
          if (packageName === undefined) throw new FileError({ file, ...at() }, '<package> has no name attribute');
        } else if (tag.name === 'sourcefile') {
          if (packageName === undefined) throw new FileError({ file, ...at() }, '<sourcefile> outside a <package>');
          const name = stringAttribute(tag, 'name', file, at());
          path = packageName === '' ? name : `${packageName}/${name}`;
          lines = new Map();
        } else if (tag.name === 'line') {
          if (path === undefined || ancestors.at(-1) !== 'sourcefile') {
            throw new FileError({ file, ...at() }, '<line> outside a <sourcefile>');
          }
          const line = lineAttribute(tag, 'nr', file, at());
          const missed = countAttribute(tag, 'mi', file, at(), 0);
          const covered = countAttribute(tag, 'ci', file, at(), 0);
          if (missed + covered > 0) setMax(lines, line, covered);
        }
      },
      close(tag) {
        if (tag.name === 'sourcefile' && path !== undefined) {
          sink({ path, lines });
          path = undefined;
        } else if (tag.name === 'package') {
          packageName = undefined;
        }
      },
    }));
  },
};
