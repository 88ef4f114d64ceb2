import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { FileCommandError, parseKeyValueFile, parsePathFile } from './file-commands';
import { parseCommand } from './workflow-commands';

export type Stage = 'pre' | 'main' | 'post';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  title?: string;
}

/** What the runner sees of one step (one of pre, main, post). */
export interface StepResult {
  stage: Stage;
  exitCode: number;
  /** failure when the process exited non-zero or the runner could not process one of its commands. */
  conclusion: 'success' | 'failure';
  stdout: string;
  stderr: string;
  /** The step's log as the runner shows it: commands consumed, groups and annotations marked, secrets masked. */
  log: string;
  outputs: Record<string, string>;
  /** Variables the step set for later steps through GITHUB_ENV. */
  env: Record<string, string>;
  /** Directories the step prepended to PATH for later steps through GITHUB_PATH. */
  path: string[];
  state: Record<string, string>;
  /** The job summary the step appended (empty when it wrote none, or when the runner refused it). */
  summary: string;
  annotations: Annotation[];
  debug: string[];
  groups: string[];
  /** Values the step registered with `::add-mask::`. */
  masks: string[];
}

export interface StepRequest {
  stage: Stage;
  node: string;
  script: string;
  workspace: string;
  runnerTemp: string;
  /** The environment before the file-command variables are added. */
  env: Record<string, string>;
  /** Masks registered by earlier steps: the runner's masker is job-wide. */
  masks: readonly string[];
  timeoutMs: number;
  /** Kills the process with this signal after this long, as a cancelled job's runner does. */
  kill?: { afterMs: number; signal: NodeJS.Signals };
}

/** The runner's limit on one step's summary (1 MiB); a larger one is refused with an error. */
const SUMMARY_LIMIT = 1024 * 1024;

const FILE_COMMANDS = {
  GITHUB_PATH: 'add_path_',
  GITHUB_ENV: 'set_env_',
  GITHUB_STEP_SUMMARY: 'step_summary_',
  GITHUB_STATE: 'save_state_',
  GITHUB_OUTPUT: 'set_output_',
} as const;

type FileCommandVariable = keyof typeof FILE_COMMANDS;

/** Runs one entry point the way NodeScriptActionHandler does, then reads its commands as the runner would. */
export async function runStep(request: StepRequest): Promise<StepResult> {
  const files = await createCommandFiles(request.runnerTemp);
  const { exitCode, stdout, stderr } = await spawnNode(request, { ...request.env, ...files });
  const result: StepResult = {
    stage: request.stage,
    exitCode,
    conclusion: exitCode === 0 ? 'success' : 'failure',
    stdout,
    stderr,
    log: '',
    outputs: {},
    env: {},
    path: [],
    state: {},
    summary: '',
    annotations: [],
    debug: [],
    groups: [],
    masks: [],
  };
  const log: string[] = [];
  // The runner reads both streams through the same command manager.
  const commands = new CommandProcessor(result, log, request.workspace);
  for (const line of splitLines(stdout)) commands.process(line);
  for (const line of splitLines(stderr)) commands.process(line);
  await processFiles(files, result);
  const masks = [...request.masks, ...result.masks].sort((a, b) => b.length - a.length);
  result.log = log.map((line) => mask(line, masks)).join('\n');
  return result;
}

async function createCommandFiles(runnerTemp: string): Promise<Record<FileCommandVariable, string>> {
  const dir = join(runnerTemp, '_runner_file_commands');
  await mkdir(dir, { recursive: true });
  const suffix = randomUUID();
  const files = {} as Record<FileCommandVariable, string>;
  for (const [variable, prefix] of Object.entries(FILE_COMMANDS) as [FileCommandVariable, string][]) {
    files[variable] = join(dir, prefix + suffix);
    await writeFile(files[variable], '');
  }
  return files;
}

function spawnNode(
  request: StepRequest,
  env: Record<string, string>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(request.node, [request.script], {
      cwd: request.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const killer = request.kill ? setTimeout(() => child.kill(request.kill?.signal), request.kill.afterMs) : undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${request.stage} step (${request.script}) still running after ${request.timeoutMs} ms`));
    }, request.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolve({
        // A process killed by a signal has no code; the runner sees it as a failure.
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/** In FileCommandManager's order; a file it cannot read fails the step, as on the runner. */
async function processFiles(files: Record<FileCommandVariable, string>, result: StepResult): Promise<void> {
  for (const variable of Object.keys(FILE_COMMANDS) as FileCommandVariable[]) {
    const file = files[variable];
    try {
      const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      if (variable === 'GITHUB_PATH') result.path.push(...parsePathFile(text));
      else if (variable === 'GITHUB_STEP_SUMMARY') readSummary(text, (await stat(file)).size, result);
      else {
        const target =
          variable === 'GITHUB_ENV' ? result.env : variable === 'GITHUB_STATE' ? result.state : result.outputs;
        for (const [name, value] of parseKeyValueFile(text)) target[name] = value;
      }
    } catch (error) {
      if (!(error instanceof FileCommandError)) throw error;
      const context = variable.replace('GITHUB_', '').toLowerCase();
      result.annotations.push(
        { level: 'error', message: `Unable to process file command '${context}' successfully.` },
        { level: 'error', message: error.message },
      );
      result.conclusion = 'failure';
    }
  }
}

function readSummary(text: string, size: number, result: StepResult): void {
  if (size > SUMMARY_LIMIT) {
    result.annotations.push({
      level: 'error',
      message: `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${SUMMARY_LIMIT / 1024}k, got ${Math.floor(size / 1024)}k.`,
    });
    return;
  }
  result.summary = text;
}

/** Applies the commands of ActionCommandManager to one step's output lines. */
class CommandProcessor {
  private stopToken: string | undefined;

  constructor(
    private readonly result: StepResult,
    private readonly log: string[],
    private readonly workspace: string,
  ) {}

  process(line: string): void {
    const extra = new Set(this.stopToken ? [this.stopToken] : []);
    const command = parseCommand(line, extra);
    if (!command) {
      this.log.push(line);
      return;
    }
    if (this.stopToken) {
      if (command.command === this.stopToken) this.stopToken = undefined;
      this.log.push(line);
      return;
    }
    try {
      this.apply(command.command, command.properties, command.data, line);
    } catch (error) {
      this.result.annotations.push({
        level: 'error',
        message: `Unable to process command '${line}' successfully.`,
      });
      this.result.annotations.push({ level: 'error', message: (error as Error).message });
      this.result.conclusion = 'failure';
    }
  }

  private apply(name: string, properties: Map<string, string>, data: string, line: string): void {
    const { result } = this;
    switch (name) {
      case 'stop-commands':
        this.log.push(line);
        this.stopToken = data.toLowerCase();
        return;
      case 'error':
      case 'warning':
      case 'notice':
        result.annotations.push(this.annotation(name, properties, data));
        this.log.push(`##[${name}]${data}`);
        return;
      case 'debug':
        result.debug.push(data);
        return;
      case 'group':
        result.groups.push(data);
        this.log.push(`##[group]${data}`);
        return;
      case 'endgroup':
        this.log.push('##[endgroup]');
        return;
      case 'add-mask':
        if (data.trim() === '') {
          result.annotations.push({
            level: 'warning',
            message: "Can't add secret mask for empty string in ##[add-mask] command.",
          });
        } else result.masks.push(data);
        return;
      case 'set-output':
      case 'save-state': {
        const key = properties.get('name');
        if (!key) throw new Error(`Required field 'name' is missing in ##[${name}] command.`);
        result.annotations.push({
          level: 'warning',
          message: `The \`${name}\` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.`,
        });
        (name === 'set-output' ? result.outputs : result.state)[key] = data;
        this.log.push(line);
        return;
      }
      case 'set-env':
      case 'add-path':
        // Disabled on the runner unless ACTIONS_ALLOW_UNSECURE_COMMANDS is set; our actions never need it.
        throw new Error(`The \`${name}\` command is disabled. Please upgrade to using Environment Files.`);
      default:
        // echo, add-matcher, remove-matcher: accepted, nothing the harness reports.
        this.log.push(line);
    }
  }

  private annotation(level: Annotation['level'], properties: Map<string, string>, message: string): Annotation {
    const annotation: Annotation = { level, message };
    const file = properties.get('file');
    if (file !== undefined) annotation.file = this.relativeFile(file);
    for (const [key, property] of [
      ['line', 'line'],
      ['endLine', 'endline'],
      ['col', 'col'],
      ['endColumn', 'endcolumn'],
    ] as const) {
      const value = properties.get(property);
      if (value !== undefined && /^-?\d+$/.test(value.trim())) annotation[key] = Number(value);
    }
    const title = properties.get('title');
    if (title !== undefined) annotation.title = title;
    return annotation;
  }

  /** IssueCommandExtension: a file inside the workspace is reported relative to it, with `/`. */
  private relativeFile(file: string): string {
    if (!isAbsolute(file)) return file;
    const inside = relative(this.workspace, file);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return file;
    return inside.split(sep).join('/');
  }
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function mask(line: string, masks: readonly string[]): string {
  let masked = line;
  for (const secret of masks) masked = masked.replaceAll(secret, '***');
  return masked;
}
