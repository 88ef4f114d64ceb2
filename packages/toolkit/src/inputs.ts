import { ConfigurationError } from './errors';

/**
 * Inputs declared once: the action reads them with readInputs, the CLI turns them into options,
 * and tests check action.yml and the README against the same declaration.
 */
interface BaseSpec {
  description: string;
  /** Shown in docs; applied in code when the input is empty. Not written to action.yml (see actionYmlInputs). */
  default?: unknown;
  required?: boolean;
  /** A default that the runner must fill in, written to action.yml as is (`${{ github.token }}`). */
  runnerDefault?: string;
  /** Never printed: a token or key. */
  secret?: boolean;
}

export interface StringSpec extends BaseSpec {
  type: 'string';
  default?: string;
}
export interface NumberSpec extends BaseSpec {
  type: 'number';
  default?: number;
  min?: number;
  max?: number;
  /** A percentage: `80%` is read as 80. */
  percent?: boolean;
}
export interface BooleanSpec extends BaseSpec {
  type: 'boolean';
  default?: boolean;
}
export interface EnumSpec<V extends string = string> extends BaseSpec {
  type: 'enum';
  values: readonly V[];
  default?: V;
}
/** Newline-separated values (globs, paths); blank lines and surrounding spaces dropped. */
export interface ListSpec extends BaseSpec {
  type: 'list';
  default?: readonly string[];
}

export type InputSpec = StringSpec | NumberSpec | BooleanSpec | EnumSpec | ListSpec;
export type InputSchema = Record<string, InputSpec>;

type Value<S extends InputSpec> = S extends NumberSpec
  ? number
  : S extends BooleanSpec
    ? boolean
    : S extends EnumSpec<infer V>
      ? V
      : S extends ListSpec
        ? string[]
        : string;

/** Typed values keyed by the literal input names; optional numbers and strings without default may be undefined. */
export type InputValues<S extends InputSchema> = {
  -readonly [K in keyof S]: S[K] extends { default: unknown }
    ? Value<S[K]>
    : S[K] extends ListSpec | BooleanSpec
      ? Value<S[K]>
      : S[K] extends { required: true }
        ? Value<S[K]>
        : Value<S[K]> | undefined;
};

export class InputError extends ConfigurationError {
  override name = 'InputError';
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`input ${input}: ${reason}`);
  }
}

/** Reads a raw input ('' or undefined when unset); the runner adapter and the CLI each provide one. */
export type RawInputReader = (name: string) => string | undefined;

export function readInputs<S extends InputSchema>(schema: S, read: RawInputReader): InputValues<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    values[name] = readInput(name, spec, read(name));
  }
  return values as InputValues<S>;
}

export function readInput(name: string, spec: InputSpec, raw: string | undefined): unknown {
  const text = raw?.trim() ?? '';
  if (text === '') {
    if (spec.required) throw new InputError(name, 'is required');
    return defaultValue(spec);
  }
  switch (spec.type) {
    case 'string':
      return text;
    case 'number':
      return parseNumber(name, spec, text);
    case 'boolean':
      return parseBoolean(name, text);
    case 'enum':
      return parseEnum(name, spec, text);
    case 'list':
      return parseList(text);
  }
}

/** The value of an input left empty: lists are never undefined, booleans default to false. */
function defaultValue(spec: InputSpec): unknown {
  if (spec.type === 'list') return [...(spec.default ?? [])];
  if (spec.type === 'boolean') return spec.default ?? false;
  return spec.default;
}

function parseEnum(name: string, spec: EnumSpec, text: string): string {
  if (!spec.values.includes(text)) {
    throw new InputError(name, `expected one of ${spec.values.join(', ')}, got ${quote(text, spec)}`);
  }
  return text;
}

/** One value a line; blank lines and `#` comments dropped. */
function parseList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function parseNumber(name: string, spec: NumberSpec, raw: string): number {
  const text = spec.percent ? raw.replace(/\s*%$/, '') : raw;
  const value = Number(text);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || !Number.isFinite(value) || outOfRange(spec, value)) {
    throw new InputError(name, `expected ${rangeText(spec)}, got ${quote(raw, spec)}`);
  }
  return value;
}

function outOfRange(spec: NumberSpec, value: number): boolean {
  return (spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max);
}

/** What a number input accepts, in words. */
function rangeText({ min, max, percent }: NumberSpec): string {
  if (percent)
    return `a percentage${min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : ''} (80 or 80%)`;
  if (min !== undefined && max !== undefined) return `a number from ${min} to ${max}`;
  if (min !== undefined) return `a number of at least ${min}`;
  if (max !== undefined) return `a number of at most ${max}`;
  return 'a number';
}

// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

function parseBoolean(name: string, text: string): boolean {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new InputError(name, `expected true or false, got '${text}'`);
}

function quote(text: string, spec: InputSpec): string {
  return spec.secret ? '(a secret value)' : `'${text.length > 80 ? `${text.slice(0, 80)}…` : text}'`;
}

/** The default as the docs show it. */
export function describeDefault(spec: InputSpec): string {
  if (spec.runnerDefault !== undefined) return spec.runnerDefault;
  if (spec.default === undefined) return '';
  if (Array.isArray(spec.default)) return spec.default.join(', ');
  return String(spec.default);
}

/** The environment variable the runner sets for an input: upper-cased, spaces to underscores, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
