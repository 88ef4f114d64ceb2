/**
 * The inputs, read through the schema and checked together, into the rollout's policy and the
 * adapters' settings. Every mistake is an InputError naming the input, raised before any traffic moves.
 */
import { resolve } from 'node:path';
import { InputError, type RawInputReader, readInputs } from '@ccm/toolkit';
import { loadAnalysis } from './analysis';
import { parseDuration } from './clock';
import { type CanaryInputValues, canaryInputs } from './inputs';
import { builtinMetrics } from './metrics-spec';
import type { Track } from './ports';
import type { RolloutPolicy } from './rollout';
import type { HealthSettings, MetricSettings, RouterSettings } from './settings';

export interface CanarySettings {
  policy: RolloutPolicy;
  router: RouterSettings;
  metrics: MetricSettings;
  health?: HealthSettings;
  smokeUrl?: string;
  root: string;
  stateFile: string;
  resume: boolean;
  reportPath?: string;
  environment?: string;
  token?: string;
}

/** How long a health check or smoke check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 2000;

export async function resolveCanarySettings(read: RawInputReader, workspace: string): Promise<CanarySettings> {
  const inputs = readInputs(canaryInputs, read);
  const root = inputs['working-directory'] ? resolve(workspace, inputs['working-directory']) : workspace;
  const steps = inputs.strategy === 'blue-green' ? [100] : parseSteps(inputs.steps);
  const intervalMs = duration('interval', inputs.interval, 1);
  const checkIntervalMs = Math.min(intervalMs, duration('check-interval', inputs['check-interval'], 1));
  const pauseAt = inputs['pause-at'];
  if (pauseAt !== undefined) {
    if (inputs.strategy === 'blue-green') throw new InputError('pause-at', 'applies to strategy: canary only');
    if (!steps.includes(pauseAt))
      throw new InputError('pause-at', `${pauseAt} is not one of the steps (${steps.join(', ')})`);
  }
  const compare = (inputs.compare ?? 'baseline') === 'baseline';
  const criteria = {
    maxErrorRate: inputs['max-error-rate'],
    maxP95Ms: inputs['max-p95-ms'],
    abortErrorRate: inputs['abort-error-rate'],
    abortP95Ms: inputs['abort-p95-ms'],
  };
  const custom = inputs.analysis ? await loadAnalysis(resolve(root, inputs.analysis), compare) : [];
  const policy: RolloutPolicy = {
    strategy: inputs.strategy,
    steps,
    intervalMs,
    checkIntervalMs,
    minSamples: inputs['min-samples'],
    metrics: [...builtinMetrics(criteria, compare), ...custom],
    maxHealthFailures: inputs['max-health-failures'],
    noData: inputs['no-data'],
    ...(compare
      ? { baseline: { alpha: 1 - inputs['baseline-confidence'] / 100, tolerance: inputs['baseline-tolerance'] / 100 } }
      : {}),
    ...(pauseAt === undefined ? {} : { pauseAt }),
    prePromotionAnalysis: inputs['pre-promotion-analysis'],
    hooks: {
      'pre-command': inputs['pre-command'],
      'promote-command': inputs['promote-command'],
      'rollback-command': inputs['rollback-command'],
    },
  };
  const health = inputs['health-url'];
  const smokeUrl = inputs['smoke-url'];
  if (smokeUrl) url('smoke-url', smokeUrl);
  return {
    policy,
    router: routerSettings(inputs, root),
    metrics: metricSettings(inputs),
    ...(health ? { health: { urls: { canary: url('health-url', health) }, timeoutMs: CHECK_TIMEOUT_MS } } : {}),
    ...(smokeUrl ? { smokeUrl } : {}),
    root,
    stateFile: resolve(root, inputs['state-file']),
    resume: inputs.resume,
    ...(inputs['report-path'] ? { reportPath: resolve(root, inputs['report-path']) } : {}),
    ...(inputs.environment ? { environment: inputs.environment } : {}),
    ...(inputs['github-token'] ? { token: inputs['github-token'] } : {}),
  };
}

/** `5,10,50,100`: whole percents, rising, ending at 100. */
export function parseSteps(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const steps = parts.map((part) => {
    const value = Number(part);
    if (!/^\d+$/.test(part) || value < 1 || value > 100) {
      throw new InputError('steps', `'${part}' is not a whole percent from 1 to 100 (in '${text}')`);
    }
    return value;
  });
  steps.forEach((step, i) => {
    if (i > 0 && step <= (steps[i - 1] as number)) {
      throw new InputError('steps', `weights must rise: ${steps[i - 1]} then ${step} (in '${text}')`);
    }
  });
  if (steps.at(-1) !== 100)
    throw new InputError('steps', `the last weight must be 100, got ${steps.at(-1)} (in '${text}')`);
  return steps;
}

function duration(name: string, text: string, minMs: number): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < minMs)
    throw new InputError(name, `expected a duration such as 500ms, 30s, 5m or 1h, got '${text}'`);
  return ms;
}

function url(name: string, text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new InputError(name, `expected an http(s) URL, got '${text}'`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(name, `expected an http(s) URL, got '${text}'`);
  }
  return text;
}

function required<T extends object>(inputs: T, name: keyof T & string, why: string): string {
  const value = inputs[name];
  if (typeof value !== 'string' || value === '') throw new InputError(name, `is required with ${why}`);
  return value;
}

/** host:port, or a URL, to a base URL for the local proxy. */
function baseUrl(name: string, text: string): string {
  return url(name, /^https?:\/\//.test(text) ? text : `http://${text}`);
}

/** The router inputs, shared with rollback's, that routerSettings reads. */
export type RouterInputValues = Pick<
  CanaryInputValues,
  | 'router'
  | 'haproxy-socket'
  | 'backend'
  | 'stable-server'
  | 'canary-server'
  | 'nginx-config'
  | 'upstream'
  | 'nginx-test-command'
  | 'nginx-reload-command'
  | 'http-route'
  | 'stable-backend'
  | 'canary-backend'
  | 'kubeconfig'
  | 'local-listen'
>;

/** The router's settings from its inputs, each missing one named. */
export function routerSettings(inputs: RouterInputValues, root: string): RouterSettings {
  const why = `router: ${inputs.router}`;
  switch (inputs.router) {
    case 'haproxy':
      return {
        kind: 'haproxy',
        socket: required(inputs, 'haproxy-socket', why),
        backend: required(inputs, 'backend', why),
        stableServer: required(inputs, 'stable-server', why),
        canaryServer: required(inputs, 'canary-server', why),
      };
    case 'nginx': {
      const [test, reload] = [inputs['nginx-test-command'], inputs['nginx-reload-command']];
      return {
        kind: 'nginx',
        config: resolve(root, required(inputs, 'nginx-config', why)),
        upstream: required(inputs, 'upstream', why),
        stableServer: required(inputs, 'stable-server', why),
        canaryServer: required(inputs, 'canary-server', why),
        testCommand: test,
        reloadCommand: reload,
      };
    }
    case 'gateway-api': {
      const route = required(inputs, 'http-route', why);
      const [namespace, name] = route.includes('/') ? route.split('/', 2) : ['default', route];
      if (!namespace || !name) throw new InputError('http-route', `expected name or namespace/name, got '${route}'`);
      return {
        kind: 'gateway-api',
        route: name,
        namespace,
        stableBackend: required(inputs, 'stable-backend', why),
        canaryBackend: required(inputs, 'canary-backend', why),
        ...(inputs.kubeconfig ? { kubeconfig: resolve(root, inputs.kubeconfig) } : {}),
      };
    }
    case 'local':
      return {
        kind: 'local',
        listen: inputs['local-listen'],
        upstreams: {
          stable: baseUrl('stable-server', required(inputs, 'stable-server', why)),
          canary: baseUrl('canary-server', required(inputs, 'canary-server', why)),
        },
      };
  }
}

function metricSettings(inputs: CanaryInputValues): MetricSettings {
  const why = `metrics: ${inputs.metrics}`;
  switch (inputs.metrics) {
    case 'prometheus':
      for (const name of ['error-rate-query', 'latency-query', 'request-count-query'] as const) {
        if (!inputs[name].includes('{{ version }}')) {
          throw new InputError(
            name,
            'must hold the {{ version }} placeholder, or stable and canary read the same series',
          );
        }
      }
      return {
        kind: 'prometheus',
        url: url('prometheus-url', required(inputs, 'prometheus-url', why)),
        errorRateQuery: inputs['error-rate-query'],
        latencyQuery: inputs['latency-query'],
        countQuery: inputs['request-count-query'],
        stepSeconds: duration('prometheus-step', inputs['prometheus-step'], 1000) / 1000,
      };
    case 'haproxy':
      return {
        kind: 'haproxy',
        socket: required(inputs, 'haproxy-socket', why),
        backend: required(inputs, 'backend', why),
        stableServer: required(inputs, 'stable-server', why),
        canaryServer: required(inputs, 'canary-server', why),
      };
    case 'probe': {
      const urls = inputs['probe-url'];
      if (urls.length !== 2) {
        throw new InputError(
          'probe-url',
          `expected two URLs, stable's then the canary's, one a line; got ${urls.length}`,
        );
      }
      const [stable, canary] = urls.map((u) => url('probe-url', u)) as [string, string];
      return {
        kind: 'probe',
        urls: { stable, canary } satisfies Record<Track, string>,
        rate: inputs['probe-rate'],
        timeoutMs: CHECK_TIMEOUT_MS,
      };
    }
  }
}
