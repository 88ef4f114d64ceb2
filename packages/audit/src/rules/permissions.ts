import type { Finding } from '../findings';
import type { Permissions } from '../workflow';
import { type AuditContext, finding, privilegedTrigger, untrustedCheckout } from './context';

function writeScopes(permissions: Permissions | undefined): string[] {
  if (!permissions) return [];
  if (permissions.shorthand === 'write-all') return ['write-all'];
  return [...permissions.scopes].filter(([, level]) => level.text === 'write').map(([scope]) => `${scope}: write`);
}

/** Jobs that get the repository's default token because nobody declared `permissions`. */
export function missingPermissions({ workflow }: AuditContext): Finding[] {
  if (workflow.permissions) return [];
  return workflow.jobs
    .filter((job) => !job.permissions)
    .map((job) =>
      finding(
        workflow,
        job.at,
        'missing-permissions',
        `job '${job.id}' has no permissions and the workflow none either, so it gets the repository's default token: declare permissions: (contents: read, plus what it needs)`,
      ),
    );
}

/** `write-all`, write scopes granted to every job, and write scopes in jobs that run pull request code. */
export function broadPermissions({ workflow }: AuditContext): Finding[] {
  const findings: Finding[] = [];
  const top = workflow.permissions;
  const topWrites = writeScopes(top);
  if (top && topWrites.length > 0) {
    findings.push(
      finding(
        workflow,
        top.at,
        'broad-permissions',
        `${topWrites.join(', ')} at the workflow level gives every job write access: declare contents: read here and each write scope on the job that needs it`,
      ),
    );
  }
  const trigger = privilegedTrigger(workflow);
  for (const job of workflow.jobs) {
    const writes = writeScopes(job.permissions);
    if (job.permissions?.shorthand === 'write-all') {
      findings.push(
        finding(
          workflow,
          job.permissions.at,
          'broad-permissions',
          `job '${job.id}' has write-all: list only the scopes it needs`,
        ),
      );
    }
    const effective = job.permissions ? writes : topWrites;
    if (trigger && effective.length > 0 && untrustedCheckout(workflow, job) >= 0) {
      findings.push(
        finding(
          workflow,
          job.permissions?.at ?? job.at,
          'broad-permissions',
          `job '${job.id}' runs pull request code on ${trigger} with ${effective.join(', ')}: give it read-only permissions and move writes to a job that does not check out the pull request`,
        ),
      );
    }
  }
  return findings;
}
