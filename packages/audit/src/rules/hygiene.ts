import type { Finding } from '../findings';
import { type AuditContext, finding, isCheckout } from './context';

/** `actions/checkout` without `persist-credentials: false` leaves the token on disk for every later step. */
export function persistedCredentials({ workflow }: AuditContext): Finding[] {
  return workflow.jobs.flatMap((job) =>
    job.steps
      .filter((step) => isCheckout(step) && step.with.get('persist-credentials')?.text !== 'false')
      .map((step) =>
        finding(
          workflow,
          step.uses?.at ?? step.at,
          'persist-credentials',
          `${step.uses?.text} keeps the token in .git/config for the rest of job '${job.id}': add with: persist-credentials: false unless a later step pushes`,
        ),
      ),
  );
}

/** Jobs that run steps with no `timeout-minutes` (a reusable workflow call cannot take one). */
export function missingTimeouts({ workflow }: AuditContext): Finding[] {
  return workflow.jobs
    .filter((job) => !job.hasTimeout && job.uses === undefined)
    .map((job) =>
      finding(
        workflow,
        job.at,
        'timeout-minutes',
        `job '${job.id}' has no timeout-minutes, so a hung step holds the runner for 6 hours: set timeout-minutes:`,
      ),
    );
}
