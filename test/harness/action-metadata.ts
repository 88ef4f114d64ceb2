import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

/** What the harness needs from an action's `action.yml`. */
export interface ActionMetadata {
  name: string;
  using: string;
  main: string;
  pre?: string;
  preIf: string;
  post?: string;
  postIf: string;
  /** Declared inputs by name, with their raw `default` (an expression string or a literal). */
  inputs: Map<string, { default?: string }>;
}

/** Reads `action.yml` (or `action.yaml`, as the runner accepts) from the action's folder. */
export async function readActionMetadata(actionDir: string): Promise<ActionMetadata> {
  const text = await readFirst([join(actionDir, 'action.yml'), join(actionDir, 'action.yaml')]);
  const document: unknown = parse(text);
  if (!isRecord(document)) throw new Error(`${actionDir}/action.yml: not a mapping`);
  const runs = document.runs;
  if (!isRecord(runs)) throw new Error(`${actionDir}/action.yml: no 'runs' mapping`);
  const using = stringField(runs, 'using', actionDir);
  const main = stringField(runs, 'main', actionDir);
  const inputs = new Map<string, { default?: string }>();
  if (document.inputs !== undefined && document.inputs !== null) {
    if (!isRecord(document.inputs)) throw new Error(`${actionDir}/action.yml: 'inputs' is not a mapping`);
    for (const [name, spec] of Object.entries(document.inputs)) {
      const value = isRecord(spec) ? spec.default : undefined;
      // YAML may type a default as a number or boolean; the runner passes its text.
      inputs.set(name, value === undefined || value === null ? {} : { default: String(value) });
    }
  }
  return {
    name: typeof document.name === 'string' ? document.name : actionDir,
    using,
    main,
    pre: optionalString(runs.pre),
    preIf: optionalString(runs['pre-if']) ?? 'always()',
    post: optionalString(runs.post),
    // actions/runner's ActionManifestManager: `CleanupCondition = postIf ?? "always()"`.
    postIf: optionalString(runs['post-if']) ?? 'always()',
    inputs,
  };
}

async function readFirst(paths: string[]): Promise<string> {
  for (const path of paths) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`no action.yml at ${paths.join(' or ')}`);
}

function stringField(record: Record<string, unknown>, key: string, actionDir: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') throw new Error(`${actionDir}/action.yml: runs.${key} is missing`);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
