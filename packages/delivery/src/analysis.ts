/**
 * The `analysis` file: further named metrics judged beside error rate and latency, as Flagger's
 * metric templates and Argo's AnalysisTemplates allow. Read with `yaml`, validated with a JSON
 * Schema through ajv; every error names the file, the line and the key.
 *
 * ```yaml
 * metrics:
 *   - name: checkout-success      # the name in the report
 *     query: sum(rate(checkout_total{version="{{ version }}",result="ok"}[{{ interval }}]))
 *     min: 0.95                   # and/or max
 *     compare: baseline           # optional: also judged against stable's samples
 *     unit: ratio                 # optional, for the report
 * ```
 */
import { readFile } from 'node:fs/promises';
import { FileError, jsonPointerPath, parseYamlSource, type YamlSource, yamlErrorAt } from '@ccm/toolkit';
import Ajv, { type ErrorObject } from 'ajv';
import type { MetricSpec } from './judge';

export interface AnalysisMetric {
  name: string;
  query: string;
  max?: number;
  min?: number;
  compare?: 'baseline' | 'thresholds';
  unit?: string;
}

const RESERVED = ['error-rate', 'p95'];

export const analysisSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metrics'],
  properties: {
    metrics: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'query'],
        anyOf: [{ required: ['max'] }, { required: ['min'] }, { required: ['compare'] }],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', not: { enum: RESERVED } },
          query: { type: 'string', minLength: 1 },
          max: { type: 'number' },
          min: { type: 'number' },
          compare: { enum: ['baseline', 'thresholds'] },
          unit: { type: 'string' },
        },
      },
    },
  },
} as const;

let validator: ReturnType<Ajv['compile']> | undefined;

/** Reads and validates the analysis file into metric specs; `compareDefault` is the `compare` input. */
export async function loadAnalysis(file: string, compareDefault: boolean): Promise<MetricSpec[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FileError(
      { file },
      `input analysis: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  const source = parseYamlSource(file, text);
  const value = source.value;
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(analysisSchema);
  if (!validator(value)) {
    // A failed anyOf reports its branches first: the anyOf itself says what is missing.
    const errors = validator.errors ?? [];
    const error = errors.find((e) => e.keyword === 'anyOf') ?? errors[0];
    throw schemaError(source, error as ErrorObject);
  }
  const metrics = (value as { metrics: AnalysisMetric[] }).metrics;
  const seen = new Set<string>();
  metrics.forEach((metric, index) => {
    if (seen.has(metric.name)) {
      throw yamlErrorAt(source, ['metrics', index, 'name'], `metrics[${index}].name: '${metric.name}' is named twice`);
    }
    seen.add(metric.name);
  });
  return metrics.map((metric) => ({
    name: metric.name,
    kind: 'custom',
    query: metric.query,
    unit: metric.unit ?? '',
    ...(metric.max === undefined ? {} : { max: metric.max }),
    ...(metric.min === undefined ? {} : { min: metric.min }),
    compare: metric.compare === undefined ? compareDefault : metric.compare === 'baseline',
  }));
}

function schemaError(source: YamlSource, error: ErrorObject): FileError {
  const path = jsonPointerPath(error.instancePath);
  let reason = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    reason = `unknown key '${key}' (expected name, query, max, min, compare, unit)`;
    path.push(key);
  } else if (error.keyword === 'enum') {
    reason = `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
  } else if (error.keyword === 'anyOf') {
    reason = 'needs max, min or compare: baseline';
  } else if (error.keyword === 'not') {
    reason = `${RESERVED.join(' and ')} are built in; name the metric otherwise`;
  } else if (error.keyword === 'required') {
    reason = `needs '${(error.params as { missingProperty: string }).missingProperty}'`;
  }
  const shown = path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  return yamlErrorAt(source, path, `${shown || 'the file'}: ${reason}`);
}
