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
import { FileError } from '@ccm/toolkit';
import Ajv, { type ErrorObject } from 'ajv';
import { type Document, LineCounter, parseDocument } from 'yaml';
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
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new FileError({ file, line, column: col }, `invalid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const value: unknown = document.toJS() ?? {};
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(analysisSchema);
  if (!validator(value)) {
    // A failed anyOf reports its branches first: the anyOf itself says what is missing.
    const errors = validator.errors ?? [];
    const error = errors.find((e) => e.keyword === 'anyOf') ?? errors[0];
    throw schemaError(file, error as ErrorObject, document, lineCounter);
  }
  const metrics = (value as { metrics: AnalysisMetric[] }).metrics;
  const seen = new Set<string>();
  metrics.forEach((metric, index) => {
    if (seen.has(metric.name)) {
      throw errorAt(
        file,
        ['metrics', index, 'name'],
        document,
        lineCounter,
        `metrics[${index}].name: '${metric.name}' is named twice`,
      );
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

function schemaError(file: string, error: ErrorObject, document: Document, lineCounter: LineCounter): FileError {
  const path = error.instancePath.split('/').slice(1).map(decodePointer);
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
  return errorAt(file, path, document, lineCounter, `${shown || 'the file'}: ${reason}`);
}

function errorAt(
  file: string,
  path: (string | number)[],
  document: Document,
  lineCounter: LineCounter,
  message: string,
): FileError {
  // The node itself, else the nearest mapping that holds it (an unknown key points at its own line).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = (depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true)) as
      | { range?: [number, number, number] }
      | undefined;
    const keyOffset = depth === path.length ? keyPosition(document, path) : undefined;
    const offset = keyOffset ?? node?.range?.[0];
    if (offset !== undefined) return new FileError({ file, line: lineCounter.linePos(offset).line }, message);
  }
  return new FileError({ file }, message);
}

/** The position of a key in its mapping (for unknown keys, whose value is anything). */
function keyPosition(document: Document, path: (string | number)[]): number | undefined {
  const parent = document.getIn(path.slice(0, -1), true) as
    | { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] }
    | undefined;
  const key = path[path.length - 1];
  return parent?.items?.find((pair) => pair.key?.value === key)?.key?.range?.[0];
}

function decodePointer(segment: string): string | number {
  const text = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(text) ? Number(text) : text;
}
