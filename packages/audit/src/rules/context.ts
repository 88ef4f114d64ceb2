import { type Finding, type Level, type RuleId, ruleInfo } from '../findings';
import { namesPullRequestCode } from '../untrusted';
import { actionName } from '../uses';
import type { Job, Position, Step, Workflow } from '../workflow';

export interface AuditContext {
  workflow: Workflow;
  /** Owners in lower case whose actions need no pinning (the user's own organisations). */
  trustedOwners: ReadonlySet<string>;
}

export type Rule = (context: AuditContext) => Finding[];

export function finding(workflow: Workflow, at: Position, rule: RuleId, message: string, level?: Level): Finding {
  return { file: workflow.file, line: at.line, column: at.column, rule, level: level ?? ruleInfo(rule).level, message };
}

/** Triggers whose jobs run with the base repository's token and secrets while reacting to outside code. */
export const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run'] as const;

export function privilegedTrigger(workflow: Workflow): string | undefined {
  return PRIVILEGED_TRIGGERS.find((trigger) => workflow.triggers.has(trigger));
}

export function isCheckout(step: Step): boolean {
  return actionName(step.uses?.text) === 'actions/checkout';
}

/**
 * The index of the first step of a privileged workflow's job that checks out pull request code
 * (`actions/checkout` with a head ref, or `gh pr checkout`); -1 when none does or the workflow is not privileged.
 */
export function untrustedCheckout(workflow: Workflow, job: Job): number {
  if (!privilegedTrigger(workflow)) return -1;
  return job.steps.findIndex((step) => {
    if (isCheckout(step)) {
      const ref = step.with.get('ref');
      return ref !== undefined && namesPullRequestCode(ref.text);
    }
    return step.run !== undefined && /\bgh\s+pr\s+checkout\b/.test(step.run.text);
  });
}
