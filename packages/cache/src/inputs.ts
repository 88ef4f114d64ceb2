import type { InputSchema, OutputSchema } from '@ccm/toolkit';

/** Every input of the cache action, declared once (action.yml, README and CLI follow it). */
export const cacheInputs = {
  mode: {
    type: 'enum',
    values: ['dependencies', 'test-results', 'promote'],
    default: 'dependencies',
    description:
      'dependencies: restore and save package-manager caches keyed by lock files. test-results: skip a suite whose inputs did not change since it last passed. promote: store a build artifact once by digest, or fetch and verify it.',
  },
  'working-directory': {
    type: 'string',
    description: 'Where detection, globs and relative paths start. Default: the workspace.',
  },
  ecosystems: {
    type: 'list',
    description:
      'Narrow detection to these package managers (npm, pnpm, yarn, bun, pip, pipenv, poetry, uv, cargo, go, gradle, maven, composer, bundler, nuget, mix, swiftpm). Default: every one detected.',
  },
  path: {
    type: 'list',
    description: 'Take control of what is cached: these paths instead of the detected cache folders.',
  },
  key: {
    type: 'string',
    description: 'Take control of the key: this exact key instead of the computed one.',
  },
  'ask-tools': {
    type: 'boolean',
    default: true,
    description:
      "dependencies: ask each package manager for its version and cache folders. That runs what the repository configures (Yarn's yarnPath, Maven's .mvn/jvm.config); false keys from the lock files alone and uses the documented folders, running no tool (for pull_request_target and other jobs that check out untrusted code).",
  },
  'restore-keys': {
    type: 'list',
    description:
      'Prefixes tried in order when the exact key misses. Default: the computed key cut back step by step, most specific first.',
  },
  store: {
    type: 'string',
    description:
      'github: the GitHub Actions cache service. dir:/path: a folder (self-hosted runners, the CLI). Default: github inside GitHub Actions.',
  },
  'save-on-failure': {
    type: 'boolean',
    default: false,
    description: 'Also save in the post step when the job failed (caches of a failed job may be incomplete).',
  },
  'read-only': {
    type: 'enum',
    values: ['true', 'false'],
    description:
      'Restore but never save. Default: true on pull requests from forks (their caches would be visible to no one else), false otherwise.',
  },
  strict: {
    type: 'boolean',
    default: false,
    description: 'Fail the step when a save or restore fails, instead of a warning that names the reason.',
  },
  'download-timeout-minutes': {
    type: 'number',
    default: 5,
    min: 1,
    description:
      'Abandon a restore whose download stalls this long and go on as a miss (a warning, an error with strict).',
  },
  'max-restore-size-mb': {
    type: 'number',
    default: 10240,
    min: 1,
    description:
      'dir: stores: refuse, writing nothing, an entry whose content is larger than this many MiB (a small archive can unpack to a huge one).',
  },
  'store-key': {
    type: 'string',
    secret: true,
    description:
      'A secret (16 characters or more; pass it from a repository secret). dir: stores sign each entry with it (HMAC-SHA256) and refuse entries it did not sign; with any store, environment values in fingerprints are hashed with it.',
  },
  suite: { type: 'string', description: 'test-results: the name of the test suite, part of its fingerprint.' },
  inputs: {
    type: 'list',
    description: 'test-results: globs of the files the suite depends on (sources, tests, configuration).',
  },
  env: {
    type: 'list',
    description: 'test-results: names of environment variables whose values are part of the fingerprint.',
  },
  command: { type: 'string', description: 'test-results: the command that runs the suite, part of the fingerprint.' },
  record: {
    type: 'boolean',
    default: false,
    description:
      'test-results: call again with record: true after the suite passed, to store its passing result (after a check step in the same job, suite is all it needs besides results).',
  },
  results: {
    type: 'list',
    description:
      'test-results: globs of result files (JUnit, coverage) stored with the record and restored on a skip, so quality-gate still reads them.',
  },
  artifact: {
    type: 'string',
    description:
      'promote: the file to store once by its sha256 digest; with digest, where the fetched file is written.',
  },
  digest: {
    type: 'string',
    description: 'promote: fetch this sha256:<hex> digest into artifact and verify it byte for byte.',
  },
  'run-id': {
    type: 'number',
    min: 1,
    description:
      'promote: fetch from this workflow run (another workflow, or an earlier run) instead of the current one; needs github-token with actions: read.',
  },
  'github-token': {
    type: 'string',
    secret: true,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression for action.yml, not a JS template
    runnerDefault: '${{ github.token }}',
    description: 'promote: the token that reads the artifacts of another run (run-id).',
  },
} as const satisfies InputSchema;

export const cacheOutputs = {
  'cache-hit': { description: 'dependencies: true when the exact key was restored.' },
  'matched-key': { description: 'dependencies: the key that was restored (exact or a restore key); empty on a miss.' },
  key: { description: 'dependencies: the exact key, saved in the post step on a miss.' },
  ecosystems: { description: 'dependencies: the detected package managers, a JSON list such as ["npm","go"].' },
  skip: { description: 'test-results: true when this fingerprint has a recorded passing result.' },
  fingerprint: { description: 'test-results: the sha256 over the suite inputs (compare two with ccm cache explain).' },
  digest: { description: 'promote: the artifact sha256:<hex> digest.' },
} as const satisfies OutputSchema;
