/** How bad a finding is, in SARIF's words: `error` must be fixed, `warning` should be, `note` is advice. */
export type Level = 'error' | 'warning' | 'note';

export const LEVELS: readonly Level[] = ['note', 'warning', 'error'];

/** One problem in one workflow file, at the place a reader must change. */
export interface Finding {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  rule: RuleId;
  level: Level;
  /** One line: what is wrong and how to fix it. */
  message: string;
}

export type RuleId =
  | 'unpinned-action'
  | 'missing-permissions'
  | 'broad-permissions'
  | 'untrusted-expression-in-run'
  | 'dangerous-trigger'
  | 'secrets-to-untrusted'
  | 'secret-echo'
  | 'persist-credentials'
  | 'timeout-minutes';

/** A rule's description, as the README and SARIF's `rules` table show it. */
export interface RuleInfo {
  id: RuleId;
  level: Level;
  summary: string;
  help: string;
}

/** The rules, as data: the text output, SARIF and the README's check read the same table. */
export const RULES: readonly RuleInfo[] = [
  {
    id: 'unpinned-action',
    level: 'warning',
    summary: 'A third-party action or reusable workflow is not pinned to a full commit SHA.',
    help: 'Tags and branches move; a full 40-hex commit SHA does not. Pin with `owner/repo@<sha> # v1.2.3` (`ccm pin` does it from a lookup file).',
  },
  {
    id: 'missing-permissions',
    level: 'warning',
    summary:
      'Neither the workflow nor the job declares `permissions`, so the job gets the repository default token scopes.',
    help: 'Declare `permissions:` on every job (or `permissions: {}` / `contents: read` at the top) with only the scopes the job needs.',
  },
  {
    id: 'broad-permissions',
    level: 'warning',
    summary:
      'The token is granted more than jobs need: `write-all`, `write` scopes at the workflow level, or write scopes in a job that runs pull request code.',
    help: 'Grant `contents: read` at the top and each `write` scope on the one job that needs it; never give write scopes to a job that runs untrusted code.',
  },
  {
    id: 'untrusted-expression-in-run',
    level: 'error',
    summary:
      'An attacker-controllable expression is expanded into a `run:` script (or github-script `script:`) before it runs: script injection.',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression in help text, not a JS template
    help: 'Pass the value through `env:` (`env: TITLE: ${{ github.event.issue.title }}`) and use `"$TITLE"` in the script.',
  },
  {
    id: 'dangerous-trigger',
    level: 'error',
    summary:
      'A `pull_request_target` or `workflow_run` job checks out the pull request head and then runs it with the base repository token and secrets.',
    help: 'Build untrusted code in a `pull_request` workflow without secrets; use `workflow_run` only to consume its artifacts as data.',
  },
  {
    id: 'secrets-to-untrusted',
    level: 'error',
    summary:
      'A secret is handed to an action not pinned by SHA, or to a step that runs after pull request code was checked out in a privileged workflow.',
    help: 'Pin the action to a full commit SHA, or keep secrets out of jobs that run pull request code.',
  },
  {
    id: 'secret-echo',
    level: 'error',
    summary:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression in help text, not a JS template
      'A `${{ secrets.* }}` value is printed (echo, printf, tee, cat <<<) or written to $GITHUB_OUTPUT / $GITHUB_ENV.',
    help: 'Never print secrets or pass them through step outputs or GITHUB_ENV; hand them to the program that needs them through `env:`.',
  },
  {
    id: 'persist-credentials',
    level: 'note',
    summary:
      '`actions/checkout` leaves the token in `.git/config` for every later step unless `persist-credentials: false`.',
    help: 'Add `with: persist-credentials: false` unless a later step pushes with that token.',
  },
  {
    id: 'timeout-minutes',
    level: 'note',
    summary: 'The job has no `timeout-minutes`, so a hung step holds a runner for six hours.',
    help: 'Set `timeout-minutes:` on every job to a little over its usual duration.',
  },
];

export function ruleInfo(id: RuleId): RuleInfo {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}

/** Whether a finding is at least as bad as the threshold. */
export function atLeast(level: Level, threshold: Level): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(threshold);
}
