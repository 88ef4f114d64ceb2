import { isThirdParty, parseUses } from '../uses';
import { usesValues } from '../workflow';
import { type AuditContext, finding } from './context';

/** Every third-party `uses:` (steps and reusable workflow calls) must name a full commit SHA. */
export function unpinnedActions({ workflow, trustedOwners }: AuditContext) {
  return usesValues(workflow).flatMap((value) => {
    if (value.expressions.length > 0) return [];
    const ref = parseUses(value.text);
    if (!ref || ref.kind === 'local' || !isThirdParty(ref, trustedOwners) || ref.pinned) return [];
    const message =
      ref.kind === 'docker'
        ? `${value.text} is a Docker tag, which can be pushed again: pin the image by digest (docker://image@sha256:...)`
        : `${value.text}: owner '${ref.owner}' is third party and '${ref.ref}' can move; pin the full commit SHA: ${ref.owner}/${ref.repo}${ref.path}@<40-hex sha> # ${ref.ref}`;
    return [finding(workflow, value.at, 'unpinned-action', message)];
  });
}
