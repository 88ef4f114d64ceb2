import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat } from '../format';
import type { CoverageBlock } from '../model';
import { forEachLine, keep } from '../source';
import { isLineNumber } from './checks';
import { goModules, importPathToFile } from './go-modules';

const MODE = /^mode: (set|count|atomic)\s*$/;
/** `file.go:startLine.startCol,endLine.endCol numStmts count`, as cmd/cover writes it. */
const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

/**
 * Go cover profiles (`go test -coverprofile`). Each block becomes a statement block keyed by its
 * position, so the percent is Go's "coverage: X% of statements", and the same block from several
 * packages' runs (-coverpkg) merges. Import paths map to workspace files through the go.mod files
 * under the root. Profiles concatenated from several runs repeat the mode line; that is accepted.
 */
export const goCover: ReportFormat<'coverage'> = {
  id: 'go-cover',
  label: 'Go cover profile',
  kind: 'coverage',
  matchText: (head) => MODE.test(head.trimStart().split('\n', 1)[0] ?? ''),
  async parse({ file, root, sink }) {
    const modules = await goModules(root);
    let mode: string | undefined;
    let path: string | undefined;
    let blocks: CoverageBlock[] = [];
    // Files come in runs of blocks; a run is sent when the file changes, so memory stays per file.
    const flush = () => {
      if (path !== undefined) sink({ path: toWorkspacePath(path), blocks });
      path = undefined;
      blocks = [];
    };
    const resolved = new Map<string, string>();
    const toWorkspacePath = (name: string): string => {
      let result = resolved.get(name);
      if (result === undefined) {
        // GOPATH-less local packages are written `_/abs/dir/file.go`.
        // The cache outlives the read chunk `name` was cut from: keep copies, not views into it.
        const kept = keep(name);
        result = kept.startsWith('_/') ? kept.slice(1) : importPathToFile(kept, modules);
        resolved.set(kept, result);
      }
      return result;
    };

    await forEachLine(file, (text, lineNumber) => {
      const modeLine = MODE.exec(text);
      if (modeLine) {
        mode = nextMode(mode, modeLine[1] as string, file, lineNumber);
        return;
      }
      if (mode === undefined) {
        throw new FileError(
          { file, line: lineNumber },
          'not a Go cover profile: the first line must be "mode: set|count|atomic"',
        );
      }
      if (text.trim() === '') return;
      const match = BLOCK.exec(text);
      if (!match)
        throw new FileError({ file, line: lineNumber }, `malformed cover profile block '${text.slice(0, 80)}'`);
      const block = readBlock(match, file, lineNumber);
      if (match[1] !== path) flush();
      path = match[1];
      blocks.push(block);
    });
    if (mode === undefined) throw new FileError({ file }, 'not a Go cover profile: no "mode:" line');
    flush();
  },
};

/** Concatenated profiles repeat the mode line; a different mode would mix units. */
function nextMode(mode: string | undefined, next: string, file: string, lineNumber: number): string {
  if (mode !== undefined && next !== mode) {
    throw new FileError({ file, line: lineNumber }, `mode: ${next} after mode: ${mode}`);
  }
  return next;
}

/** One block line, matched by BLOCK, checked: a range of source lines and safe integer counts. */
function readBlock(match: RegExpExecArray, file: string, lineNumber: number): CoverageBlock {
  const [, , startLine, startCol, endLine, endCol, statements, count] = match as unknown as string[];
  const block: CoverageBlock = {
    key: `${Number(startLine)}.${Number(startCol)},${Number(endLine)}.${Number(endCol)}`,
    startLine: Number(startLine),
    endLine: Number(endLine),
    statements: Number(statements),
    hits: Number(count),
  };
  if (!isLineNumber(block.startLine) || !isLineNumber(block.endLine) || block.endLine < block.startLine) {
    throw new FileError({ file, line: lineNumber }, `block ${block.key}: not a range of source lines`);
  }
  if (!Number.isSafeInteger(block.statements) || !Number.isSafeInteger(block.hits)) {
    throw new FileError({ file, line: lineNumber }, `block ${block.key}: statement or hit count out of range`);
  }
  return block;
}
