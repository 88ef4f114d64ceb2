import { isBasicExpression, isMapping, isSequence, isString, parseWorkflow } from '@actions/workflow-parser';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { NoOperationTraceWriter } from '@actions/workflow-parser/templates/trace-writer';
import { FileError } from '@ccm/toolkit/errors';
import { parseDocument } from 'yaml';

/** A 1-based place in the file; GitHub's parser reports every token's and every expression's range. */
export interface Position {
  line: number;
  column: number;
}

/** One `${{ ... }}` inside a value, with the place of its `${{`. */
export interface Expression {
  text: string;
  at: Position;
}

/** A scalar value as written: its text (the source, for values holding expressions) and its expressions. */
export interface Value {
  text: string;
  expressions: Expression[];
  at: Position;
  end: Position;
}

export interface Permissions {
  at: Position;
  /** `read-all`, `write-all` or `{}` written as a string; undefined for a mapping. */
  shorthand?: string;
  scopes: Map<string, Value>;
}

export interface Step {
  at: Position;
  uses?: Value;
  run?: Value;
  with: Map<string, Value>;
  env: Map<string, Value>;
}

export interface Job {
  id: string;
  at: Position;
  permissions?: Permissions;
  hasTimeout: boolean;
  /** A reusable workflow call (`jobs.<id>.uses`). */
  uses?: Value;
  with: Map<string, Value>;
  env: Map<string, Value>;
  steps: Step[];
}

export interface Workflow {
  file: string;
  content: string;
  triggers: Set<string>;
  permissions?: Permissions;
  env: Map<string, Value>;
  jobs: Job[];
}

/**
 * Parses a workflow with GitHub's own parser (the schema the service uses), so what we audit is what
 * GitHub would run. A file the parser rejects is not audited: its first error, with file and line.
 */
export function readWorkflow(file: string, content: string): Workflow {
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors();
  const first = errors[0];
  if (first) {
    const at = first.range?.start;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new FileError(
      { file, ...(at ? { line: at.line, column: at.column } : {}) },
      `not a valid workflow: ${first.rawMessage}${more}`,
    );
  }
  const root = parsed.value;
  if (!root || !isMapping(root)) throw new FileError({ file }, 'not a valid workflow: no top-level mapping');
  return {
    file,
    content,
    triggers: triggersOf(child(root, 'on')),
    ...optional('permissions', permissionsOf(child(root, 'permissions'))),
    env: valueMap(child(root, 'env')),
    jobs: jobsOf(child(root, 'jobs')),
  };
}

function jobsOf(token: TemplateToken | undefined): Job[] {
  if (!token || !isMapping(token)) return [];
  const jobs: Job[] = [];
  for (const { key, value } of token) {
    if (!isMapping(value)) continue;
    const steps = child(value, 'steps');
    jobs.push({
      id: key.toString(),
      at: start(key),
      ...optional('permissions', permissionsOf(child(value, 'permissions'))),
      hasTimeout: child(value, 'timeout-minutes') !== undefined,
      ...optional('uses', scalarValue(child(value, 'uses'))),
      with: valueMap(child(value, 'with')),
      env: valueMap(child(value, 'env')),
      steps: steps && isSequence(steps) ? [...steps].filter(isMapping).map(stepOf) : [],
    });
  }
  return jobs;
}

function stepOf(token: MappingToken): Step {
  return {
    at: start(token),
    ...optional('uses', scalarValue(child(token, 'uses'))),
    ...optional('run', scalarValue(child(token, 'run'))),
    with: valueMap(child(token, 'with')),
    env: valueMap(child(token, 'env')),
  };
}

function triggersOf(token: TemplateToken | undefined): Set<string> {
  if (!token) return new Set();
  if (isString(token)) return new Set([token.value]);
  if (isSequence(token)) return new Set([...token].map((item) => item.toString()));
  if (isMapping(token)) return new Set([...token].map(({ key }) => key.toString()));
  return new Set();
}

function permissionsOf(token: TemplateToken | undefined): Permissions | undefined {
  if (!token) return undefined;
  if (isMapping(token)) return { at: start(token), scopes: valueMap(token) };
  return { at: start(token), shorthand: token.toString(), scopes: new Map() };
}

function valueMap(token: TemplateToken | undefined): Map<string, Value> {
  const values = new Map<string, Value>();
  if (!token || !isMapping(token)) return values;
  for (const { key, value } of token) {
    const scalar = scalarValue(value);
    if (scalar) values.set(key.toString(), scalar);
  }
  return values;
}

/** A scalar's text and expressions; a multi-expression value keeps each expression's own position. */
function scalarValue(token: TemplateToken | undefined): Value | undefined {
  if (!token?.isScalar) return undefined;
  const at = start(token);
  const end = token.range?.end ?? at;
  if (isBasicExpression(token)) {
    const parts = token.originalExpressions?.length ? token.originalExpressions : [token];
    return {
      text: token.source ?? `\${{ ${token.expression} }}`,
      expressions: parts.map((part) => ({ text: part.expression, at: start(part) })),
      at,
      end,
    };
  }
  return { text: token.toString(), expressions: [], at, end };
}

function child(mapping: MappingToken, key: string): TemplateToken | undefined {
  return mapping.find(key);
}

function start(token: TemplateToken): Position {
  return token.range?.start ?? { line: 1, column: 1 };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Whether a YAML text is a workflow (top-level `on` and `jobs`), to find workflows kept outside `.github/workflows`. */
export function looksLikeWorkflow(content: string): boolean {
  const document = parseDocument(content);
  return document.errors.length === 0 && document.has('on') && document.has('jobs');
}

/** Every `uses:` of the workflow: reusable workflow calls and steps, in file order. */
export function usesValues(workflow: Workflow): Value[] {
  return workflow.jobs.flatMap((job) => [
    ...(job.uses ? [job.uses] : []),
    ...job.steps.flatMap((step) => (step.uses ? [step.uses] : [])),
  ]);
}
