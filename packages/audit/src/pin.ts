import type { PinLock } from './lock';
import { isFullSha, parseUses } from './uses';
import { readWorkflow, usesValues } from './workflow';

export interface PinResult {
  /** The new text: the input with only the pinned `uses:` values (and their comments) changed. */
  text: string;
  pinned: { line: number; from: string; to: string }[];
  /** Repository refs not pinned by SHA that the lock does not know. */
  missing: { line: number; uses: string }[];
}

/**
 * Rewrites `uses: owner/repo@ref` to `owner/repo@<sha> # ref` from the lock. Edits the text at the
 * positions GitHub's parser reports, so everything else stays byte for byte (no YAML re-serialising,
 * which would lose comments, quotes and layout).
 */
export function pinWorkflow(file: string, content: string, lock: PinLock): PinResult {
  const workflow = readWorkflow(file, content);
  const lines = content.split('\n');
  const pinned: PinResult['pinned'] = [];
  const missing: PinResult['missing'] = [];
  for (const value of usesValues(workflow)) {
    const ref = parseUses(value.text);
    if (ref?.kind !== 'repository' || ref.pinned || value.expressions.length > 0) continue;
    const base = `${ref.owner}/${ref.repo}`;
    const sha = lock.get(`${base}${ref.path}@${ref.ref}`) ?? lock.get(`${base}@${ref.ref}`);
    if (!sha || !isFullSha(sha)) {
      missing.push({ line: value.at.line, uses: value.text });
      continue;
    }
    const index = value.at.line - 1;
    const line = lines[index] ?? '';
    const startColumn = line.indexOf(value.text, value.at.column - 1);
    if (startColumn < 0) {
      missing.push({ line: value.at.line, uses: value.text });
      continue;
    }
    const to = `${base}${ref.path}@${sha}`;
    const before = line.slice(0, startColumn);
    const after = line.slice(startColumn + value.text.length);
    // Keep a closing quote or flow punctuation; replace an old trailing comment with the version.
    const comment = /^(.*?)(\s+#.*)?(\r?)$/.exec(after);
    const rest = comment?.[1] ?? after;
    const carriage = comment?.[3] ?? '';
    lines[index] = `${before}${to}${rest} # ${ref.ref}${carriage}`;
    pinned.push({ line: value.at.line, from: value.text, to });
  }
  return { text: lines.join('\n'), pinned, missing };
}
