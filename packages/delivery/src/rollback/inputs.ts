import type { InputSchema, InputValues, OutputSchema } from '@ccm/toolkit';
import { canaryInputs } from '../inputs';

/** The router inputs rollback shares with canary-deploy, so one workflow names its router once. */
const { router, ...canaryRest } = canaryInputs;
const ROUTER_INPUT_NAMES = [
  'haproxy-socket',
  'backend',
  'stable-server',
  'canary-server',
  'nginx-config',
  'upstream',
  'nginx-test-command',
  'nginx-reload-command',
  'http-route',
  'stable-backend',
  'canary-backend',
  'kubeconfig',
  'local-listen',
] as const;
const routerInputs = Object.fromEntries(ROUTER_INPUT_NAMES.map((name) => [name, canaryRest[name]])) as Pick<
  typeof canaryRest,
  (typeof ROUTER_INPUT_NAMES)[number]
>;

/** Every input of the rollback action, declared once (action.yml, README and `ccm rollback` follow it). */
export const rollbackInputs = {
  environment: {
    type: 'string',
    required: true,
    description: 'The environment to roll back (a GitHub Environment with the github ledger).',
  },
  ledger: {
    type: 'string',
    description:
      'Where releases are recorded: github (Deployments of the repository; the default inside GitHub Actions) or file:PATH (a JSON file, for the CLI and other CIs).',
  },
  to: {
    type: 'string',
    description:
      'The version to go back to (its newest successful release). Default: the newest release that succeeded and is not the current one.',
  },
  'deploy-command': {
    type: 'list',
    description:
      'Restores a release: a program and its arguments, one a line (never a shell string); {{ version }}, {{ digest }} and {{ commit }} are replaced in each argument.',
  },
  artifact: {
    type: 'string',
    description:
      "The file deploy-command deploys, with {{ version }} replaced. When the release recorded a digest, the file's sha256 must match it before anything runs.",
  },
  router: {
    type: 'enum',
    values: router.values,
    description:
      'Switch traffic back through this router instead of (or after) deploy-command: all traffic to stable-server, which runs the last good release. Same router inputs as canary-deploy.',
  },
  ...routerInputs,
  'health-url': {
    type: 'string',
    description: 'After restoring, poll this URL until healthy-after consecutive 2xx answers, within timeout.',
  },
  'healthy-after': {
    type: 'number',
    min: 1,
    default: 3,
    description: 'Consecutive healthy answers of health-url that count as recovered.',
  },
  'health-interval': {
    type: 'string',
    default: '500ms',
    description: 'Time between two health checks (500ms, 2s).',
  },
  timeout: {
    type: 'string',
    default: '60s',
    description:
      'How long health-url may take to recover after the restore; past it the rollback fails and says what it saw.',
  },
  'lock-timeout': {
    type: 'string',
    default: '5m',
    description:
      "How long to wait while another rollback of the same environment holds the ledger's lock; then fail naming it.",
  },
  'revert-pr': {
    type: 'boolean',
    default: false,
    description:
      "After a successful rollback, open a pull request reverting the bad release's commits (restored commit..bad commit; merges against their first parent), on branch ccm/rollback-<environment>-<run id>, so git matches what runs. Needs a clone with both commits (actions/checkout with fetch-depth: 0) and github-token with contents: write and pull-requests: write. When it cannot, the step warns and still succeeds: the rollback stands.",
  },
  'revert-base': {
    type: 'string',
    description: 'The branch the revert pull request targets. Default: the branch the workflow runs on.',
  },
  'github-token': {
    type: 'string',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression for action.yml, not a JS template
    runnerDefault: '${{ github.token }}',
    secret: true,
    description:
      'Token for the github ledger (deployments: write; contents: write for its lock) and revert-pr (contents: write, pull-requests: write).',
  },
  'working-directory': {
    type: 'string',
    description:
      'The directory relative paths start from (ledger file, artifact, nginx-config). Default: the workspace.',
  },
  'report-path': {
    type: 'string',
    description: 'Where to write the JSON report. Default: rollback-report.json in RUNNER_TEMP.',
  },
} as const satisfies InputSchema;

export const rollbackOutputs = {
  'rolled-back-to': { description: 'The version restored (empty when the step failed before restoring).' },
  'duration-ms': {
    description: 'Milliseconds from the start of the step to healthy again (to restored without health-url).',
  },
  'revert-pr-url': {
    description:
      'The revert pull request opened by revert-pr (empty when none was asked for or it could not be opened).',
  },
  report: {
    description: 'Path of the JSON report: the releases involved, each action with its time, the health checks.',
  },
} as const satisfies OutputSchema;

export type RollbackInputValues = InputValues<typeof rollbackInputs>;
