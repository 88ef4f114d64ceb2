import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root, and every workflow we ship: the reusable ones, our own, and the starters. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const workflowFiles = ['.github/workflows', 'workflows-templates'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => `${dir}/${name}`),
);

/** How our own actions and reusable workflows are named in what we ship (see workflows-templates/README.md). */
export const OUR_ACTION = /^<org>\/ccm\/actions\/([a-z-]+)@v1$/;
export const OUR_WORKFLOW = /^(?:<org>\/ccm\/|\.\/)\.github\/workflows\/([a-z-]+\.yml)(?:@v1)?$/;

export interface Declared {
  description?: string;
  type?: string;
  required?: boolean;
  default?: unknown;
  value?: string;
}

export interface WorkflowStep {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface WorkflowJob {
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | 'inherit';
  outputs?: Record<string, string>;
  permissions?: Record<string, string> | string;
  environment?: unknown;
  concurrency?: unknown;
  'timeout-minutes'?: number;
  steps?: WorkflowStep[];
}

export interface WorkflowFile {
  name?: string;
  on?: Record<string, unknown> | string | string[];
  permissions?: unknown;
  jobs: Record<string, WorkflowJob>;
}

export const textOf = (file: string) => readFileSync(join(root, file), 'utf8');
export const workflowOf = (file: string) => parse(textOf(file)) as WorkflowFile;

/** The workflow_call interface of a reusable workflow in .github/workflows/, or undefined. */
export function callInterface(
  file: string,
):
  | { inputs: Record<string, Declared>; secrets: Record<string, Declared>; outputs: Record<string, Declared> }
  | undefined {
  const on = workflowOf(file).on;
  if (typeof on !== 'object' || Array.isArray(on) || !('workflow_call' in on)) return undefined;
  const call = (on.workflow_call ?? {}) as Record<string, Record<string, Declared> | undefined>;
  return { inputs: call.inputs ?? {}, secrets: call.secrets ?? {}, outputs: call.outputs ?? {} };
}

export const needsOf = (job: WorkflowJob) => (job.needs === undefined ? [] : [job.needs].flat());
