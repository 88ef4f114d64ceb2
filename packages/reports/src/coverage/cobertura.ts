import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import { streamXml } from '../xml';
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
    const sources: string[] = [];
    let sourceText: string | undefined;
    let sawPackages = false;
    let path: string | undefined;
    let lines = new Map<number, number>();
    const resolved = new Map<string, string>();

    await streamXml(file, (at) => ({
      open(tag, ancestors) {
        if (ancestors.length === 0) {
          if (tag.name !== 'coverage') {
            throw new FileError({ file, ...at() }, `not a Cobertura report: the root is <${tag.name}>, not <coverage>`);
          }
        } else if (tag.name === 'source' && ancestors.at(-1) === 'sources') {
          sourceText = '';
        } else if (tag.name === 'packages') {
          sawPackages = true;
        } else if (tag.name === 'class') {
          const filename = stringAttribute(tag, 'filename', file, at());
          // Many classes share a file (inner classes, one class per Python module): look it up once.
          path = resolved.get(filename);
          if (path === undefined) {
            path = resolveFilename(filename, sources, root);
            resolved.set(filename, path);
          }
          lines = new Map();
        } else if (tag.name === 'line' && ancestors.at(-1) === 'lines' && ancestors.at(-2) === 'class') {
          if (path === undefined) throw new FileError({ file, ...at() }, '<line> outside a <class>');
          setMax(lines, lineAttribute(tag, 'number', file, at()), countAttribute(tag, 'hits', file, at()));
        }
      },
      text(data) {
        if (sourceText !== undefined) sourceText += data;
      },
      close(tag) {
        if (tag.name === 'source' && sourceText !== undefined) {
          sources.push(sourceText.trim());
          sourceText = undefined;
        } else if (tag.name === 'class' && path !== undefined) {
          sink({ path, lines });
          path = undefined;
        }
      },
    }));
    if (!sawPackages) throw new FileError({ file }, 'no <packages> element: not a Cobertura report');
  },
};

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
