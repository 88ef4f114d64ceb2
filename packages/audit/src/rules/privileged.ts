import type { Finding } from '../findings';
import { referencesSecret } from '../untrusted';
import { isThirdParty, parseUses } from '../uses';
import type { Step, Value } from '../workflow';
import { type AuditContext, finding, privilegedTrigger, untrustedCheckout } from './context';

/** A privileged job that checks out pull request code and then runs anything after it. */
export function dangerousTriggers({ workflow }: AuditContext): Finding[] {
  const trigger = privilegedTrigger(workflow);
  if (!trigger) return [];
  return workflow.jobs.flatMap((job) => {
    const index = untrustedCheckout(workflow, job);
    const checkout = job.steps[index];
    if (!checkout) return [];
    const runsAfter = job.steps.slice(index + 1).some((step) => step.run !== undefined || step.uses !== undefined);
    const checkoutRuns = checkout.run !== undefined;
    if (!runsAfter && !checkoutRuns) return [];
    return [
      finding(
        workflow,
        checkout.with.get('ref')?.at ?? checkout.at,
        'dangerous-trigger',
        `job '${job.id}' checks out the pull request's code on ${trigger} and then runs steps with the base repository's token and secrets: build it in a pull_request workflow instead`,
      ),
    ];
  });
}

function secretInputs(step: Step): Value[] {
  return [...step.with.values(), ...step.env.values()].filter((value) =>
    value.expressions.some((expression) => referencesSecret(expression.text)),
  );
}

/** Secrets handed to an action that can change under us, or to anything after a privileged checkout of pull request code. */
export function secretsToUntrusted({ workflow, trustedOwners }: AuditContext): Finding[] {
  const trigger = privilegedTrigger(workflow);
  return workflow.jobs.flatMap((job) => {
    const checkout = untrustedCheckout(workflow, job);
    return job.steps.flatMap((step, index) => {
      const afterCheckout = checkout >= 0 && index > checkout;
      const ref = step.uses ? parseUses(step.uses.text) : undefined;
      const unpinned = ref !== undefined && ref.kind !== 'local' && !ref.pinned && isThirdParty(ref, trustedOwners);
      const values = [
        ...secretInputs(step),
        ...(afterCheckout && step.run?.expressions.some((e) => referencesSecret(e.text)) ? [step.run] : []),
      ];
      if (values.length === 0 || !(unpinned || afterCheckout)) return [];
      return values.map((value) =>
        finding(
          workflow,
          value.at,
          'secrets-to-untrusted',
          afterCheckout
            ? `a secret reaches a step that runs after job '${job.id}' checked out pull request code on ${trigger}: that code can read it; keep secrets out of this job`
            : `a secret is passed to ${step.uses?.text}, which is not pinned by SHA, so whoever moves its tag gets the secret: pin it to a full commit SHA`,
        ),
      );
    });
  });
}
