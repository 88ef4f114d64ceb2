import { FileError } from '@ccm/toolkit/errors';
import type { EdgeKind } from '../graph';
import { hashFromPrefixedHex } from '../hashes';
import type { Hash } from '../model';
import { requirementName } from '../python';
import type { LockContext, LockReader } from './context';

/**
 * requirements*.txt. Only exact pins (`name==1.2.3`, `name===1.2.3`) identify a package; any other
 * requirement (a range, a URL, an editable install) is named in a warning with its line and left out.
 * `--hash=` options become the hash only when there is one (see python.ts). A file whose name says
 * dev or test (requirements-dev.txt, requirements/test.txt) holds dev dependencies. No graph: each
 * pin is a direct dependency of the project. `-r`/`-c` includes are not followed: included files
 * named requirements*.txt are read on their own.
 */

export const requirementsReader: LockReader = { format: 'requirements', ecosystem: 'pypi', read: readRequirements };

const PIN = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s;,*]+)\s*(?:;.*)?$/;

function readRequirements(context: LockContext): undefined {
  const scope = scopeOf(context.file);
  const lines = context.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i] ?? '';
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] ?? '');
    readLine(context, line, start + 1, scope);
  }
  return undefined;
}

/** A file whose name says dev or test (requirements-dev.txt, requirements/test.txt) holds dev dependencies. */
function scopeOf(file: string): EdgeKind {
  return /(^|[^a-z])(dev|test|tests|lint|docs)([^a-z]|$)/i.test(file.split('/').pop() ?? '') ? 'dev' : 'required';
}

/** One logical line (continuations joined), `number` the line it starts on. */
function readLine(context: LockContext, text: string, number: number, scope: EdgeKind): void {
  const line = text.replace(/(^|\s)#.*$/, '').trim();
  if (!line) return;
  if (line.startsWith('-')) {
    if (/^(-e|--editable)\b/.test(line))
      context.warn(`${context.file}:${number}: an editable requirement is not pinned; it is not in the SBOM`);
    return;
  }
  const requirement = line.replace(/\s--?[a-z][a-z-]*(?:[=\s]\s*\S+)?/g, '').trim();
  const pin = PIN.exec(requirement);
  if (!pin?.[1] || !pin[2]) {
    unpinned(context, requirement, number);
    return;
  }
  const { graph } = context;
  const ref = graph.add({ name: pin[1], version: pin[2], ecosystem: 'pypi', hashes: hashesOf(line) });
  graph.edge(graph.projectRef, ref, scope);
}

/** A requirement that names a package without pinning it is left out with a warning; anything else is an error. */
function unpinned(context: LockContext, requirement: string, number: number): void {
  if (!requirementName(requirement))
    throw new FileError({ file: context.file, line: number }, `not a requirement: ${JSON.stringify(requirement)}`);
  context.warn(`${context.file}:${number}: "${requirement}" is not pinned with ==; it is not in the SBOM`);
}

/** The `--hash=` digest, when there is exactly one (see python.ts). */
function hashesOf(line: string): Hash[] {
  const options = [...line.matchAll(/\s--hash[=\s]\s*(\S+)/g)].map((m) => m[1] ?? '');
  const hash = options.length === 1 ? hashFromPrefixedHex(options[0]) : undefined;
  return hash ? [hash] : [];
}
