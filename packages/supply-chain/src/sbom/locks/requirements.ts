import { FileError } from '@ccm/toolkit/errors';
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
  const scope = /(^|[^a-z])(dev|test|tests|lint|docs)([^a-z]|$)/i.test(context.file.split('/').pop() ?? '')
    ? 'dev'
    : 'required';
  const lines = context.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i] ?? '';
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] ?? '');
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const options = [...line.matchAll(/\s--hash[=\s]\s*(\S+)/g)].map((m) => m[1] ?? '');
    const requirement = line.replace(/\s--?[a-z][a-z-]*(?:[=\s]\s*\S+)?/g, '').trim();
    if (line.startsWith('-')) {
      if (/^(-e|--editable)\b/.test(line))
        context.warn(`${context.file}:${start + 1}: an editable requirement is not pinned; it is not in the SBOM`);
      continue;
    }
    const pin = PIN.exec(requirement);
    if (!pin?.[1] || !pin[2]) {
      if (!requirementName(requirement))
        throw new FileError(
          { file: context.file, line: start + 1 },
          `not a requirement: ${JSON.stringify(requirement)}`,
        );
      context.warn(`${context.file}:${start + 1}: "${requirement}" is not pinned with ==; it is not in the SBOM`);
      continue;
    }
    const hashes: Hash[] = [];
    if (options.length === 1) {
      const hash = hashFromPrefixedHex(options[0]);
      if (hash) hashes.push(hash);
    }
    const ref = context.graph.add({ name: pin[1], version: pin[2], ecosystem: 'pypi', hashes });
    context.graph.edge(context.graph.projectRef, ref, scope);
  }
  return undefined;
}
