import type { InputSchema, OutputSchema } from '@ccm/toolkit';

/** Every input of the quality-gate action, declared once (action.yml, README and CLI follow it). */
export const gateInputs = {
  coverage: {
    type: 'list',
    description:
      'Coverage reports, newline-separated globs. Formats are detected from content: lcov, Cobertura, JaCoCo, Clover, Istanbul coverage-summary.json and coverage-final.json, coverage.py JSON, Go cover profile. The same source file in several reports counts once.',
  },
  tests: {
    type: 'list',
    description:
      'Test results, newline-separated globs: JUnit XML (pytest, Surefire, Jest, vitest, node --test) or go test -json.',
  },
  security: {
    type: 'list',
    description:
      'Security reports, newline-separated globs: SARIF 2.1.0, npm audit JSON, pip-audit JSON, Trivy JSON, Grype JSON, Bandit JSON.',
  },
  complexity: {
    type: 'list',
    description:
      "Complexity reports, newline-separated globs: radon cc -j, ESLint JSON with the complexity rule at ['warn', 0], JaCoCo XML.",
  },
  benchmarks: {
    type: 'list',
    description: 'Benchmark results of this run: pytest-benchmark JSON, github-action-benchmark JSON, Go bench text.',
  },
  'benchmark-baseline': {
    type: 'list',
    description: 'Benchmark results to compare against (same formats), e.g. restored from the default branch.',
  },
  'min-coverage': {
    type: 'number',
    percent: true,
    min: 0,
    max: 100,
    default: 85,
    description: 'Minimum merged line coverage, in percent.',
  },
  'min-diff-coverage': {
    type: 'number',
    percent: true,
    min: 0,
    max: 100,
    description: 'Minimum coverage of the lines changed against base-ref, in percent. Not checked when empty.',
  },
  'base-ref': {
    type: 'string',
    description: 'Git ref to diff against for diff coverage. Default: the pull request base branch (origin/<base>).',
  },
  'max-complexity': {
    type: 'number',
    min: 1,
    default: 10,
    description: 'Maximum cyclomatic complexity of any one function.',
  },
  'max-debt-ratio': {
    type: 'number',
    percent: true,
    min: 0,
    max: 100,
    default: 3,
    description:
      'Maximum technical-debt ratio in percent: remediation minutes of all findings / (lines of code x 30 minutes).',
  },
  'fail-on-severity': {
    type: 'enum',
    values: ['critical', 'high', 'medium', 'low', 'none'],
    default: 'high',
    description: 'Fail on any security finding of this severity or worse; none never fails on findings.',
  },
  'unknown-severity': {
    type: 'enum',
    values: ['critical', 'high', 'medium', 'low'],
    default: 'high',
    description: 'The severity given to findings whose report has none (pip-audit, unscored advisories).',
  },
  'max-regression': {
    type: 'number',
    percent: true,
    min: 0,
    default: 5,
    description:
      'Maximum slowdown of any benchmark against the baseline, in percent. With repeated samples on both sides, a slowdown counts only when it is also statistically significant.',
  },
  config: {
    type: 'string',
    description:
      'A YAML file holding any of these settings, per-component gates for monorepos, and which inputs are required.',
  },
  'working-directory': {
    type: 'string',
    description: 'The directory globs and report paths are relative to. Default: the workspace.',
  },
  name: {
    type: 'string',
    default: 'quality-gate',
    description:
      'The gate name: titles the summary and keys the pull request comment, so several gates keep one comment each.',
  },
  comment: {
    type: 'boolean',
    default: true,
    description: 'Post (or update) one comment with the verdict on pull requests.',
  },
  annotations: {
    type: 'number',
    min: 0,
    max: 50,
    default: 30,
    description: 'How many annotations to write at most, most severe first.',
  },
  'report-path': {
    type: 'string',
    description:
      'Where to write the JSON report. Default: <name>-report.json in RUNNER_TEMP; with the CLI, in a new folder of the system temporary directory per run (the path is printed).',
  },
  'github-token': {
    type: 'string',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression for action.yml, not a JS template
    runnerDefault: '${{ github.token }}',
    secret: true,
    description: 'Token for the pull request comment (needs pull-requests: write).',
  },
} as const satisfies InputSchema;

export const gateOutputs = {
  passed: { description: "'true' when every condition passed, else 'false' (set also when the gate fails)." },
  coverage: { description: 'Merged line coverage in percent, two decimals; empty when no coverage input.' },
  report: { description: 'Path of the JSON report listing every condition, its threshold, actual value and verdict.' },
  'comment-path': {
    description:
      'Path of the pull request comment body (written on pull requests, posted unless the token is read-only).',
  },
} as const satisfies OutputSchema;

export type GateInputValues = import('@ccm/toolkit').InputValues<typeof gateInputs>;
