import type { Finding } from '../findings';
import { referencesSecret, untrustedPart } from '../untrusted';
import { actionName } from '../uses';
import type { Step, Value, Workflow } from '../workflow';
import { type AuditContext, finding } from './context';

/** The scripts of a job: `run:` and `actions/github-script`'s `script:`, both expanded before they run. */
function scripts(step: Step): { value: Value; kind: string }[] {
  const found: { value: Value; kind: string }[] = [];
  if (step.run) found.push({ value: step.run, kind: 'run:' });
  const script = step.with.get('script');
  if (script && actionName(step.uses?.text) === 'actions/github-script') found.push({ value: script, kind: 'script:' });
  return found;
}

function allScripts(workflow: Workflow) {
  return workflow.jobs.flatMap((job) => job.steps.flatMap(scripts));
}

/** `${{ }}` of untrusted data inside a script: the value becomes code. */
export function untrustedExpressionsInRun({ workflow }: AuditContext): Finding[] {
  return allScripts(workflow).flatMap(({ value, kind }) =>
    value.expressions.flatMap((expression) => {
      const part = untrustedPart(expression.text);
      if (!part) return [];
      const name = envName(part.text);
      const whose =
        part.trust === 'attacker' ? 'is attacker-controlled' : 'may carry text the workflow does not control';
      return [
        finding(
          workflow,
          expression.at,
          'untrusted-expression-in-run',
          `\${{ ${part.text} }} ${whose} and is pasted into the ${kind} script before it runs: pass it through env: (${name}: \${{ ${part.text} }}) and use "$${name}"`,
          part.trust === 'attacker' ? 'error' : 'warning',
        ),
      ];
    }),
  );
}

/** What on the secret's line hands it to later steps, or else prints it (checked in this order). */
const LEAKS: readonly RegExp[] = [
  /\$\{?GITHUB_(?:OUTPUT|ENV)\b/,
  /::set-output\b/,
  /\b(?:echo|printf|tee)\b|\bcat\s*<<</,
];
/** Masking a secret prints it to the runner, which then hides it: the one echo that is right. */
const MASK = /::add-mask::/;

/** `${{ secrets.* }}` on a script line that prints it or writes it to GITHUB_OUTPUT / GITHUB_ENV. */
export function secretEchoes({ workflow }: AuditContext): Finding[] {
  const lines = workflow.content.split('\n');
  return allScripts(workflow).flatMap(({ value }) =>
    value.expressions.flatMap((expression) => {
      if (!referencesSecret(expression.text)) return [];
      const line = lines[expression.at.line - 1] ?? '';
      const leak = MASK.test(line) ? undefined : LEAKS.map((pattern) => pattern.exec(line)).find(Boolean);
      if (!leak) return [];
      return [
        finding(
          workflow,
          expression.at,
          'secret-echo',
          `\${{ ${expression.text} }} reaches '${leak[0]}', which prints it or passes it to later steps: give it to the program that needs it through env: and never print it`,
        ),
      ];
    }),
  );
}

/** An environment variable name for the value (`github.event.issue.title` → `ISSUE_TITLE`). */
function envName(expression: string): string {
  const parts = expression.split('.').filter((part) => part !== 'github' && part !== 'event');
  return (
    parts
      .slice(-2)
      .join('_')
      .replace(/[^A-Za-z0-9_]/g, '_')
      .toUpperCase() || 'VALUE'
  );
}
