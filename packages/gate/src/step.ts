import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Runtime, readInput } from '@ccm/toolkit';
import { ConfigurationError, errorMessage } from '@ccm/toolkit/errors';
import { gateAnnotations } from './annotations';
import { collect } from './collect';
import { type CommentStore, commentMarker, renderComment, upsertComment } from './comment';
import { evaluate } from './evaluate';
import { gateInputs } from './inputs';
import { assertSomethingMeasured } from './nothing-measured';
import { renderSummary } from './render';
import { writeReport } from './report';
import { resolveSettings } from './resolve';
import type { GateResult } from './result';

/** The failure of a gate whose conditions failed: the user's code to fix, shown without a stack. */
export class GateFailedError extends ConfigurationError {
  override name = 'GateFailedError';
  constructor(
    message: string,
    readonly result: GateResult,
  ) {
    super(message);
  }
}

/** What the step knows about where it runs (from the runner's environment, or the CLI's). */
export interface StepContext {
  workspace: string;
  tempDir: string;
  pullRequest?: {
    number: number;
    baseRef: string;
    /** A pull request from a fork gets a read-only token: the comment is left for a workflow_run job. */
    fromFork: boolean;
  };
  /** A link to this run, for the comment's "see the job summary". */
  runUrl?: string;
}

/** Opens the comment store with the token; absent outside GitHub. */
export type CommentStoreFactory = (token: string, pullRequest: number) => CommentStore;

/**
 * The whole quality-gate step: resolve settings, read reports, judge, then write outputs, summary,
 * annotations and the pull request comment, and fail last so all of those are there when it fails.
 */
export async function qualityGateStep(
  runtime: Runtime,
  context: StepContext,
  openComments?: CommentStoreFactory,
): Promise<GateResult> {
  const input = <K extends keyof typeof gateInputs>(name: K) =>
    readInput(name, gateInputs[name], runtime.getInput(name));
  const token = input('github-token') as string | undefined;
  if (token) runtime.mask(token);

  const settings = await resolveSettings(runtime.getInput, {
    workspace: context.workspace,
    ...(context.pullRequest ? { defaultBaseRef: `origin/${context.pullRequest.baseRef}` } : {}),
  });
  const result = evaluate(settings, await collect(settings));
  assertSomethingMeasured(settings, result);

  const reportPath = resolve(
    settings.root,
    (input('report-path') as string | undefined) ?? join(context.tempDir, `${settings.name}-report.json`),
  );
  await writeReport(reportPath, result);
  setOutputs(runtime, result, reportPath);

  for (const files of Object.values(result.files)) {
    for (const warning of (files ?? []).flatMap((f) => f.warnings ?? [])) runtime.log.warning(warning);
  }
  if (result.benchmarks) runtime.log.warning(UNPAIRED_BENCHMARKS);
  await runtime.writeSummary(renderSummary(result));
  for (const annotation of gateAnnotations(result, input('annotations') as number)) runtime.annotate(annotation);

  if (context.pullRequest && input('comment')) {
    await commentOnPullRequest(runtime, context, result, token, openComments);
  }
  if (!result.passed) throw gateFailed(result);
  return result;
}

/** Said whenever benchmarks are compared with a baseline from another run (issue 15's false alarm). */
export const UNPAIRED_BENCHMARKS =
  'benchmarks and benchmark-baseline come from separate runs: machine drift between them reads as a change (12-16% seen on identical code). For a verdict that tells drift from regression, run the benchmarks paired: ccm bench compare --base REF -- CMD';

function setOutputs(runtime: Runtime, result: GateResult, reportPath: string): void {
  const whole = result.scopes[0]?.coverage;
  runtime.setOutput('passed', String(result.passed));
  runtime.setOutput('coverage', whole?.percent === undefined ? '' : whole.percent.toFixed(2));
  runtime.setOutput('report', reportPath);
}

/** The error of a failed gate: every failed condition, what it measured and what it needs. */
function gateFailed(result: GateResult): GateFailedError {
  const failed = result.conditions.filter((c) => c.status === 'failed' || c.status === 'error');
  return new GateFailedError(
    `${result.name} failed: ${failed.map((c) => `${c.label}${c.scope === 'all' ? '' : ` (${c.scope})`} ${c.actualText}, needs ${c.threshold}`).join('; ')}`,
    result,
  );
}

async function commentOnPullRequest(
  runtime: Runtime,
  context: StepContext,
  result: GateResult,
  token: string | undefined,
  openComments: CommentStoreFactory | undefined,
): Promise<void> {
  const pullRequest = context.pullRequest as NonNullable<StepContext['pullRequest']>;
  const body = renderComment(result, context.runUrl);
  const bodyPath = join(context.tempDir, `${result.name}-comment.md`);
  await writeFile(bodyPath, body);
  await writeFile(
    `${bodyPath}.json`,
    JSON.stringify({ pullRequest: pullRequest.number, marker: commentMarker(result.name) }),
  );
  runtime.setOutput('comment-path', bodyPath);
  if (pullRequest.fromFork || !token || !openComments) {
    runtime.log.info(
      `Pull request from a fork (read-only token): the comment body is in ${bodyPath} for a workflow_run job to post.`,
    );
    return;
  }
  try {
    const how = await upsertComment(openComments(token, pullRequest.number), commentMarker(result.name), body);
    runtime.log.info(`Pull request comment ${how}.`);
  } catch (error) {
    // A read-only token (403) or a missing permission must not fail the gate: the verdict stands without a comment.
    runtime.log.warning(
      `Could not post the pull request comment (${errorMessage(error)}); its body is in ${bodyPath}.`,
    );
  }
}
