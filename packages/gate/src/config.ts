import { readFile } from 'node:fs/promises';
import {
  FileError,
  type InputSpec,
  jsonPointerPath,
  parseYamlSource,
  type YamlSource,
  yamlErrorAt,
} from '@ccm/toolkit';
import Ajv, { type ErrorObject } from 'ajv';
import { gateInputs } from './inputs';
import { REPORT_INPUTS, THRESHOLD_KEYS } from './settings';

/** Settings a config file may hold: any input but the runner-only ones, plus components and required. */
const CONFIG_KEYS = [...REPORT_INPUTS, ...THRESHOLD_KEYS, 'base-ref', 'name', 'annotations'] as const;

export interface ConfigComponent {
  name: string;
  path: string;
  [threshold: string]: unknown;
}

export interface GateConfig {
  [key: string]: unknown;
  components?: ConfigComponent[];
  required?: string[];
}

/** The JSON Schema of the config file, derived from the input declarations so the two never drift. */
export function configSchema(): object {
  const properties: Record<string, object> = {};
  for (const key of CONFIG_KEYS) properties[key] = propertySchema(gateInputs[key]);
  const thresholds = Object.fromEntries(THRESHOLD_KEYS.map((key) => [key, propertySchema(gateInputs[key])]));
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...properties,
      required: { type: 'array', items: { enum: [...REPORT_INPUTS] }, uniqueItems: true },
      components: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'path'],
          properties: { name: { type: 'string', minLength: 1 }, path: { type: 'string', minLength: 1 }, ...thresholds },
        },
      },
    },
  };
}

function propertySchema(spec: InputSpec): object {
  const description = spec.description;
  switch (spec.type) {
    case 'number': {
      const number = { type: 'number', minimum: spec.min, maximum: spec.max, description };
      // `80%` as the inputs take it; resolve reads it (and checks its range) as the input would.
      return spec.percent
        ? { anyOf: [number, { type: 'string', pattern: '^\\s*[0-9.]+\\s*%\\s*$' }], description }
        : number;
    }
    case 'boolean':
      return { type: 'boolean', description };
    case 'enum':
      return { enum: [...spec.values], description };
    case 'list':
      return { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description };
    case 'string':
      return { type: 'string', description };
  }
}

let validator: ReturnType<Ajv['compile']> | undefined;

/**
 * Reads and validates a gate config file. Every error names the file and the line of the offending
 * value (YAML syntax errors and schema violations alike).
 */
export async function loadConfig(file: string): Promise<GateConfig> {
  const source = parseYamlSource(file, await readConfigText(file));
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(configSchema());
  if (!validator(source.value)) throw schemaError(source, validator.errors?.[0] as ErrorObject);
  return source.value as GateConfig;
}

async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new FileError({ file }, `cannot read the config: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** A schema violation as an error at the line of the offending value, saying which setting and why. */
function schemaError(source: YamlSource, error: ErrorObject): FileError {
  const path = jsonPointerPath(error.instancePath);
  const unknownKey = error.keyword === 'additionalProperties';
  // Point an unknown key at its own line, not at the mapping holding it.
  if (unknownKey) path.push((error.params as { additionalProperty: string }).additionalProperty);
  const where = (unknownKey ? path.slice(0, -1) : path).join('.') || 'the config';
  return yamlErrorAt(source, path, `${where}: ${schemaReason(error)}`);
}

function schemaReason(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return `unknown setting '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  }
  if (error.keyword === 'enum') {
    return `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
  }
  return error.message ?? 'is invalid';
}
