import type { InputSchema, InputValues, OutputSchema } from '@ccm/toolkit';
import { DEFAULT_COUNT_QUERY, DEFAULT_ERROR_RATE_QUERY, DEFAULT_LATENCY_QUERY } from './metrics/promql';

/** Every input of the canary-deploy action, declared once (action.yml, README and `ccm canary` follow it). */
export const canaryInputs = {
  strategy: {
    type: 'enum',
    values: ['canary', 'blue-green'],
    default: 'canary',
    description:
      'canary: move traffic to the new version step by step, judging each step. blue-green: smoke-check the preview, switch all traffic at once, judge it for one interval and switch back at once on failure.',
  },
  steps: {
    type: 'string',
    default: '5,10,50,100',
    description: "The canary's traffic weights in percent, comma-separated, rising, ending at 100.",
  },
  interval: {
    type: 'string',
    default: '60s',
    description: 'Bake time of each step before it is judged (500ms, 30s, 5m, 1h; a bare number is seconds).',
  },
  'check-interval': {
    type: 'string',
    default: '10s',
    description:
      'How often the abort triggers and the health check run within a step (at most interval). Same units as interval.',
  },
  'min-samples': {
    type: 'number',
    min: 0,
    default: 100,
    description:
      'Requests the canary must have served in a step before it is judged; fewer count as no data (see no-data). Abort triggers act from 20 requests (or min-samples, if lower).',
  },
  'max-error-rate': {
    type: 'number',
    min: 0,
    max: 100,
    default: 1,
    description: "Success criterion: the canary's error rate over the step must be below this percentage.",
  },
  'max-p95-ms': {
    type: 'number',
    min: 0,
    default: 500,
    description: "Success criterion: the canary's p95 latency over the step must be below this, in milliseconds.",
  },
  'abort-error-rate': {
    type: 'number',
    min: 0,
    max: 100,
    default: 5,
    description:
      'Abort trigger, checked continuously mid-step: roll back at once when the error rate exceeds this percentage.',
  },
  'abort-p95-ms': {
    type: 'number',
    min: 0,
    default: 1000,
    description:
      'Abort trigger, checked continuously mid-step: roll back at once when p95 latency exceeds this, in ms.',
  },
  'max-health-failures': {
    type: 'number',
    min: 1,
    default: 3,
    description: 'Abort trigger: roll back when more than this many consecutive health checks of the canary fail.',
  },
  'health-url': {
    type: 'string',
    description:
      "The canary's health endpoint, checked every check-interval (a 2xx within 2 s is healthy). No health checks when empty.",
  },
  analysis: {
    type: 'string',
    description:
      'A YAML file of further named metrics judged with error rate and latency: `metrics: [{name, query, max | min, compare: baseline}]`.',
  },
  compare: {
    type: 'enum',
    values: ['baseline', 'thresholds'],
    description:
      "baseline: also judge each metric against stable's samples of the same window (two-sided Mann-Whitney U test at baseline-confidence, failing only when the canary is also worse by more than baseline-tolerance). thresholds: fixed thresholds only. Default: baseline where the provider measures stable and canary apart, else thresholds.",
  },
  'baseline-confidence': {
    type: 'number',
    min: 50,
    max: 99.99,
    default: 99,
    description:
      'Confidence level of the baseline comparison, in percent: a difference counts when the p-value is below 1 - confidence.',
  },
  'baseline-tolerance': {
    type: 'number',
    min: 0,
    default: 20,
    description:
      "Effect-size tolerance of the baseline comparison, in percent: the canary fails only when its value is also worse than stable's by more than this.",
  },
  'no-data': {
    type: 'enum',
    values: ['fail', 'extend', 'pass'],
    default: 'fail',
    description:
      'When a step ends without enough data (fewer than min-samples, or the provider did not answer): fail rolls back, extend waits one more interval, pass advances and says so.',
  },
  'pause-at': {
    type: 'number',
    min: 1,
    max: 99,
    description:
      'A step weight at which to stop once it passed, save the rollout and exit with result paused; run again with resume: true to continue.',
  },
  resume: {
    type: 'boolean',
    default: false,
    description: 'Continue a paused rollout from its saved state (state-file) and the weight the router holds.',
  },
  'state-file': {
    type: 'string',
    default: '.ccm/canary-rollout.json',
    description: 'Where a paused rollout is saved and read back by resume (relative to working-directory).',
  },
  'pre-command': {
    type: 'list',
    description:
      'A program run before any traffic moves, one argument per line (never a shell string); failing aborts.',
  },
  'promote-command': {
    type: 'list',
    description:
      'A program run after the last step passed, one argument per line. When it succeeds, traffic returns to stable (which it has updated). Without it the canary is left serving all traffic.',
  },
  'rollback-command': {
    type: 'list',
    description: 'A program run after traffic returned to stable on a failed rollout, one argument per line.',
  },
  router: {
    type: 'enum',
    values: ['haproxy', 'nginx', 'gateway-api', 'local'],
    default: 'haproxy',
    description:
      'What moves the traffic: the HAProxy Runtime API, an nginx upstream, a Kubernetes Gateway API HTTPRoute, or the built-in local proxy.',
  },
  'haproxy-socket': {
    type: 'string',
    description: "HAProxy: the Runtime API's Unix socket path or host:port (stats socket ... level admin).",
  },
  backend: {
    type: 'string',
    description: 'HAProxy: the backend holding both servers.',
  },
  'stable-server': {
    type: 'string',
    description: "HAProxy: the stable server's name in the backend. nginx and local: the stable version's host:port.",
  },
  'canary-server': {
    type: 'string',
    description: "HAProxy: the canary server's name in the backend. nginx and local: the canary version's host:port.",
  },
  'nginx-config': {
    type: 'string',
    description: "nginx: the file the weighted upstream is rendered into (included from the user's nginx.conf).",
  },
  upstream: {
    type: 'string',
    description: 'nginx: the name of the upstream block to render.',
  },
  'nginx-test-command': {
    type: 'list',
    default: ['nginx', '-t'],
    description: 'nginx: checks the configuration before a reload, one argument per line.',
  },
  'nginx-reload-command': {
    type: 'list',
    default: ['nginx', '-s', 'reload'],
    description: 'nginx: applies the configuration, one argument per line.',
  },
  'http-route': {
    type: 'string',
    description: 'Gateway API: the HTTPRoute, as name or namespace/name (namespace default: default).',
  },
  'stable-backend': {
    type: 'string',
    description: "Gateway API: the stable backendRef's service name.",
  },
  'canary-backend': {
    type: 'string',
    description: "Gateway API: the canary backendRef's service name.",
  },
  kubeconfig: {
    type: 'string',
    description:
      "Gateway API: a kubeconfig file. Default: the client's own lookup (KUBECONFIG, ~/.kube/config, in-cluster).",
  },
  'local-listen': {
    type: 'string',
    default: '127.0.0.1:0',
    description: 'local router: the host:port the built-in weighted proxy listens on.',
  },
  metrics: {
    type: 'enum',
    values: ['prometheus', 'haproxy', 'probe'],
    default: 'prometheus',
    description:
      "Where metrics come from: a Prometheus server, HAProxy's own statistics (no percentiles: p95 is not measured), or the built-in prober timing its own requests to each version.",
  },
  'prometheus-url': {
    type: 'string',
    description: 'Prometheus: the server base URL.',
  },
  'error-rate-query': {
    type: 'string',
    default: DEFAULT_ERROR_RATE_QUERY,
    description:
      'Prometheus: PromQL of the error rate in percent, with {{ version }} (stable or canary) and {{ interval }}.',
  },
  'latency-query': {
    type: 'string',
    default: DEFAULT_LATENCY_QUERY,
    description: 'Prometheus: PromQL of the p95 latency in seconds, with {{ version }} and {{ interval }}.',
  },
  'request-count-query': {
    type: 'string',
    default: DEFAULT_COUNT_QUERY,
    description:
      'Prometheus: PromQL of the requests each version served in the window, for min-samples, with {{ version }} and {{ interval }}.',
  },
  'prometheus-step': {
    type: 'string',
    default: '5s',
    description: 'Prometheus: the resolution of range queries that give the baseline comparison its samples.',
  },
  'probe-url': {
    type: 'list',
    description:
      "probe: the stable version's URL on the first line and the canary's on the second; the prober times its own requests to each.",
  },
  'probe-rate': {
    type: 'number',
    min: 0.1,
    max: 1000,
    default: 10,
    description: 'probe: requests per second to each version.',
  },
  'smoke-url': {
    type: 'string',
    description: 'blue-green: a URL of the preview that must answer 2xx before any traffic is switched to it.',
  },
  'pre-promotion-analysis': {
    type: 'boolean',
    default: false,
    description: 'blue-green: judge the preview for one interval before the switch (needs metrics that see it: probe).',
  },
  environment: {
    type: 'string',
    description:
      'A GitHub Environment: the rollout is recorded as a Deployment there, with in_progress, success and failure statuses. No Deployment when empty.',
  },
  'github-token': {
    type: 'string',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression for action.yml, not a JS template
    runnerDefault: '${{ github.token }}',
    secret: true,
    description: 'Token for the Deployment (needs deployments: write).',
  },
  'working-directory': {
    type: 'string',
    description:
      'The directory relative paths start from (analysis, state-file, nginx-config). Default: the workspace.',
  },
  'report-path': {
    type: 'string',
    description: 'Where to write the JSON report. Default: canary-report.json in RUNNER_TEMP.',
  },
} as const satisfies InputSchema;

export const canaryOutputs = {
  result: { description: 'promoted, rolled-back or paused.' },
  'final-weight': { description: "The canary's share of traffic at the end, in percent." },
  report: {
    description:
      "Path of the JSON report: each step's weight, start and end, sample counts, each metric's value, threshold, p-value and verdict, and why the rollout ended.",
  },
} as const satisfies OutputSchema;

export type CanaryInputValues = InputValues<typeof canaryInputs>;
