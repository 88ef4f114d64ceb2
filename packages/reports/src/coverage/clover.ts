import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import { streamXml } from '../xml';
import { setMax } from './checks';
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
    let sawProject = false;
    let path: string | undefined;
    let lines = new Map<number, number>();

    await streamXml(file, (at) => ({
      open(tag, ancestors) {
        if (ancestors.length === 0) {
          if (tag.name !== 'coverage') {
            throw new FileError({ file, ...at() }, `not a Clover report: the root is <${tag.name}>, not <coverage>`);
          }
          return;
        }
        if (ancestors[1] !== 'project') {
          if (tag.name === 'project' && ancestors.length === 1) sawProject = true;
          return;
        }
        if (tag.name === 'file') {
          if (path !== undefined) throw new FileError({ file, ...at() }, '<file> inside another <file>');
          const named = tag.attributes.path?.trim() ? tag.attributes.path : undefined;
          path = named ?? stringAttribute(tag, 'name', file, at());
          lines = new Map();
        } else if (tag.name === 'line') {
          if (path === undefined || ancestors.at(-1) !== 'file') {
            throw new FileError({ file, ...at() }, '<line> outside a <file>');
          }
          const num = lineAttribute(tag, 'num', file, at());
          const type = tag.attributes.type;
          if (type === 'stmt') {
            setMax(lines, num, countAttribute(tag, 'count', file, at()));
          } else if (type === 'cond') {
            // The schema gives a cond true/false counts; Istanbul also writes the line's count.
            const reached =
              tag.attributes.count !== undefined
                ? countAttribute(tag, 'count', file, at())
                : countAttribute(tag, 'truecount', file, at(), 0) + countAttribute(tag, 'falsecount', file, at(), 0);
            setMax(lines, num, reached);
          } else if (type !== 'method') {
            throw new FileError({ file, ...at() }, `<line type="${type ?? ''}">: expected method, stmt or cond`);
          }
        }
      },
      close(tag, ancestors) {
        if (tag.name === 'file' && ancestors[1] === 'project' && path !== undefined) {
          sink({ path, lines });
          path = undefined;
        }
      },
    }));
    if (!sawProject) throw new FileError({ file }, 'no <project> element: not a Clover report');
  },
};
