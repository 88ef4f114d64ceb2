import { COMMENT_LIMIT, type GateResult, gateAnnotations, renderComment, renderSummary } from '@ccm/gate';
import { type Annotation, defuseCommands } from '@ccm/toolkit';
import { actionsRuntime } from '@ccm/toolkit/actions';
import { expect, vi } from 'vitest';
import { cliRuntime } from '../../packages/cli/src/runtime';
import { verdictText } from '../../packages/cli/src/text';
import { commandsIn, parseCommand } from '../harness/workflow-commands';
import { githubTriggers, renderGitHubMarkdown, skeleton, texts } from '../support/gfm';

/** Fields whose strings are ours to branch on (verdicts, kinds, levels), never text from a report. */
const OURS = new Set(['status', 'severity', 'outcome', 'format', 'verdict', 'level']);

/**
 * The same result with every string from outside replaced by a bland one of its own ('' stays ''):
 * what the renderers would show had the reports held harmless text. Condition ids stay (they pick
 * rows), and so does the gate's name.
 */
export function blandResult(result: GateResult): GateResult {
  let counter = 0;
  const bland = (value: unknown, key: string, parent: object | undefined): unknown => {
    if (typeof value === 'string') {
      if (value === '' || OURS.has(key)) return value;
      if (key === 'id' && parent && 'status' in parent) return value;
      return `p${counter++}`;
    }
    if (Array.isArray(value)) return value.map((item) => bland(item, key, value));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === 'name' && value === result ? v : bland(v, k, value)]),
      );
    }
    return value;
  };
  return bland(result, '', undefined) as GateResult;
}

function expectOnlyText(markdown: string, blandMarkdown: string, where: string): void {
  const page = renderGitHubMarkdown(markdown);
  expect(skeleton(page), `${where}: an element came from report text`).toBe(
    skeleton(renderGitHubMarkdown(blandMarkdown)),
  );
  for (const text of texts(page)) expect(githubTriggers(text), `${where}: ${JSON.stringify(text)}`).toEqual([]);
}

/** What `write` prints to one stream while it runs. */
function captured(stream: NodeJS.WriteStream, write: () => void): string {
  const out: string[] = [];
  const spy = vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

/** The annotations as an action prints them (workflow commands on stdout). */
function actionAnnotations(annotations: readonly Annotation[]): string {
  const runtime = actionsRuntime();
  return captured(process.stdout, () => {
    for (const annotation of annotations) runtime.annotate(annotation);
  });
}

/** The annotations as the CLI prints them (text lines on stderr). */
function cliAnnotations(annotations: readonly Annotation[]): string {
  const runtime = cliRuntime({ inputs: {} });
  return captured(process.stderr, () => {
    for (const annotation of annotations) runtime.annotate(annotation);
  });
}

/**
 * Every view of a gate result, checked against hostile text: the job summary and the comment render
 * only the template's elements, no text GitHub would turn into a ping or link; the action's
 * annotations are one command each, carrying their text whole; the CLI's annotations and verdict
 * print no line the runner would obey.
 */
export function checkViews(result: GateResult): void {
  const bland = blandResult(result);
  expectOnlyText(renderSummary(result), renderSummary(bland), 'summary');
  // A longer text may leave a section out of the comment; compare while both fit whole.
  if (renderSummary(result).length < COMMENT_LIMIT / 2) {
    expectOnlyText(renderComment(result), renderComment(bland), 'comment');
  }
  const annotations = gateAnnotations(result, 50);
  const commands = actionAnnotations(annotations)
    .split('\n')
    .filter(Boolean)
    .map((line) => parseCommand(line));
  expect(commands.map((c) => c?.command)).toEqual(annotations.map((a) => a.level));
  expect(commands.map((c) => c?.data)).toEqual(annotations.map((a) => a.message));
  // The runner trims the property list, so a file name's trailing spaces are its only loss.
  expect(commands.map((c) => c?.properties.get('file')?.trimEnd() || undefined)).toEqual(
    annotations.map((a) => a.file?.trimEnd() || undefined),
  );
  expect(commandsIn(cliAnnotations(annotations))).toEqual([]);
  expect(commandsIn(defuseCommands(verdictText(result)))).toEqual([]);
}
