import type { Finding } from './findings';
import type { Rule } from './rules/context';
import { missingTimeouts, persistedCredentials } from './rules/hygiene';
import { secretEchoes, untrustedExpressionsInRun } from './rules/injection';
import { broadPermissions, missingPermissions } from './rules/permissions';
import { unpinnedActions } from './rules/pinning';
import { dangerousTriggers, secretsToUntrusted } from './rules/privileged';
import { readWorkflow } from './workflow';

export interface AuditOptions {
  /** Owners whose actions need no SHA pin (the user's own organisations); none by default. */
  trustedOwners?: readonly string[];
}

const RULE_CHECKS: readonly Rule[] = [
  unpinnedActions,
  missingPermissions,
  broadPermissions,
  untrustedExpressionsInRun,
  dangerousTriggers,
  secretsToUntrusted,
  secretEchoes,
  persistedCredentials,
  missingTimeouts,
];

/** Audits one workflow's text; `file` names it in findings and errors. Findings in file order. */
export function auditWorkflow(file: string, content: string, options: AuditOptions = {}): Finding[] {
  const workflow = readWorkflow(file, content);
  const trustedOwners = new Set((options.trustedOwners ?? []).map((owner) => owner.toLowerCase()));
  const findings = RULE_CHECKS.flatMap((rule) => rule({ workflow, trustedOwners }));
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
