/** What a `uses:` names: a local path, a Docker image, or an action or reusable workflow of a repository. */
export type UsesRef =
  | { kind: 'local'; text: string }
  | { kind: 'docker'; text: string; pinned: boolean }
  | { kind: 'repository'; text: string; owner: string; repo: string; path: string; ref: string; pinned: boolean };

const FULL_SHA = /^[0-9a-f]{40}$/;

export function isFullSha(text: string): boolean {
  return FULL_SHA.test(text);
}

export function parseUses(text: string): UsesRef | undefined {
  if (text.startsWith('./') || text.startsWith('../')) return { kind: 'local', text };
  // A Docker image is immutable only by digest; a tag can be pushed again.
  if (text.startsWith('docker://')) return { kind: 'docker', text, pinned: /@sha256:[0-9a-f]{64}$/.test(text) };
  const match = /^([^/@\s]+)\/([^/@\s]+)((?:\/[^@\s]*)?)@(\S+)$/.exec(text);
  if (!match) return undefined;
  const [, owner = '', repo = '', path = '', ref = ''] = match;
  return { kind: 'repository', text, owner, repo, path, ref, pinned: isFullSha(ref) };
}

/** Owners the user trusts (their own organisations); `actions` and `github` are not implied. */
export function isThirdParty(ref: UsesRef, trustedOwners: ReadonlySet<string>): boolean {
  if (ref.kind === 'local') return false;
  if (ref.kind === 'docker') return true;
  return !trustedOwners.has(ref.owner.toLowerCase());
}

/** The action a step uses, as `owner/repo` in lower case (`actions/checkout`), whatever its ref. */
export function actionName(text: string | undefined): string | undefined {
  const ref = text === undefined ? undefined : parseUses(text);
  return ref?.kind === 'repository' ? `${ref.owner}/${ref.repo}${ref.path}`.toLowerCase() : undefined;
}
