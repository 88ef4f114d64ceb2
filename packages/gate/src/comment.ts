import { renderHeader, renderSections } from './render';
import type { GateResult } from './result';

/** GitHub rejects comment bodies over 65,536 characters; keep a margin for the footer. */
export const COMMENT_LIMIT = 65_536;

/** The hidden marker that finds this gate's comment again, so a rerun updates it. */
export function commentMarker(gateName: string): string {
  // A run of dashes is folded to one, so no name can close the comment (`--->` would, folded pairwise).
  return `<!-- ccm:quality-gate:${gateName.replace(/-+/g, '-').replace(/>/g, '')} -->`;
}

/**
 * The pull request comment: marker, verdict and conditions always; then as many detail sections as
 * fit under GitHub's limit, and a note naming what was left out.
 */
export function renderComment(result: GateResult, summaryUrl?: string): string {
  const head = `${commentMarker(result.name)}\n${renderHeader(result)}`;
  const footer = (omitted: number) =>
    [
      omitted > 0
        ? `_${omitted} more section${omitted === 1 ? '' : 's'} left out to fit GitHub's comment limit${summaryUrl ? `: see the [job summary](${summaryUrl})` : '; see the job summary'}._`
        : '',
      '<sub>ccm quality-gate</sub>',
    ]
      .filter(Boolean)
      .join('\n\n');
  const sections = renderSections(result);
  let body = head;
  let kept = 0;
  const reserve = footer(sections.length).length + 4;
  for (const section of sections) {
    if (body.length + section.length + 2 + reserve > COMMENT_LIMIT) break;
    body += `\n\n${section}`;
    kept++;
  }
  body += `\n\n${footer(sections.length - kept)}`;
  // A header alone over the limit (thousands of components) is cut hard; the verdict line stays first.
  return body.length > COMMENT_LIMIT ? `${body.slice(0, COMMENT_LIMIT - 40)}\n\n_…cut to fit GitHub's limit._` : body;
}

/** Where comments live; the GitHub adapter is in @ccm/toolkit/github, tests use an in-memory one. */
export interface CommentStore {
  /** The id of the first comment holding the marker, if any. */
  find(marker: string): Promise<number | undefined>;
  create(body: string): Promise<void>;
  update(id: number, body: string): Promise<void>;
}

/** Creates the gate's comment, or updates the one a previous run left: never a second one. */
export async function upsertComment(store: CommentStore, marker: string, body: string): Promise<'created' | 'updated'> {
  const id = await store.find(marker);
  if (id === undefined) {
    await store.create(body);
    return 'created';
  }
  await store.update(id, body);
  return 'updated';
}
