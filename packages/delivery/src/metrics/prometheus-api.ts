import { ConfigurationError } from '@ccm/toolkit/errors';
import { describeFetchError } from '../fetch-error';
import { ProviderError } from '../ports';

/** One series of a query's answer: its labels and its points as [unix seconds, value]. */
export interface Series {
  metric: Record<string, string>;
  points: [number, number][];
}

/**
 * A client of Prometheus' HTTP API (`/api/v1/query`, `/api/v1/query_range`). Every answer is checked
 * against the documented envelope `{status, data: {resultType, result}}` before it is used: a
 * malformed or failed answer is a ProviderError, a query Prometheus cannot parse (`bad_data`) is the
 * user's ConfigurationError naming `input`.
 */
export class PrometheusApi {
  private readonly base: URL;

  constructor(
    url: string,
    private readonly timeoutMs = 10_000,
  ) {
    try {
      this.base = new URL(url.endsWith('/') ? url : `${url}/`);
    } catch {
      throw new ConfigurationError(`prometheus-url: "${url}" is not a URL`);
    }
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new ConfigurationError(`prometheus-url: "${url}" is not an http(s) URL`);
    }
  }

  get url(): string {
    return this.base.href;
  }

  query(query: string, time: Date, input: string): Promise<Series[]> {
    return this.call('api/v1/query', { query, time: seconds(time) }, input);
  }

  queryRange(query: string, start: Date, end: Date, stepSeconds: number, input: string): Promise<Series[]> {
    const params = { query, start: seconds(start), end: seconds(end), step: String(stepSeconds) };
    return this.call('api/v1/query_range', params, input);
  }

  private async call(path: string, params: Record<string, string>, input: string): Promise<Series[]> {
    const endpoint = new URL(path, this.base);
    let response: Response;
    let text: string;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new ProviderError(`prometheus: ${endpoint.href} did not answer: ${describeFetchError(error)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ProviderError(`prometheus: ${endpoint.href} answered ${response.status} with a body that is not JSON`);
    }
    if (!isObject(body) || (body.status !== 'success' && body.status !== 'error')) {
      throw new ProviderError(`prometheus: ${endpoint.href} answered ${response.status} without a status`);
    }
    if (body.status === 'error') {
      const detail = `${String(body.errorType)}: ${String(body.error)}`;
      // bad_data: the query does not parse or its parameters are wrong; the query is the user's.
      if (body.errorType === 'bad_data')
        throw new ConfigurationError(`${input}: Prometheus refused the query (${detail})`);
      throw new ProviderError(`prometheus: ${endpoint.href} answered ${response.status} (${detail})`);
    }
    return parseData(body.data, endpoint.href);
  }
}

function parseData(data: unknown, where: string): Series[] {
  const malformed = (what: string) => new ProviderError(`prometheus: ${where}: malformed answer (${what})`);
  if (!isObject(data) || typeof data.resultType !== 'string') throw malformed('no data.resultType');
  const { resultType, result } = data;
  if (resultType === 'scalar') return [{ metric: {}, points: [point(result, malformed)] }];
  if (resultType !== 'vector' && resultType !== 'matrix') throw malformed(`resultType ${resultType}`);
  if (!Array.isArray(result)) throw malformed('data.result is not a list');
  return result.map((entry: unknown) => {
    if (!isObject(entry) || !isObject(entry.metric)) throw malformed('a series without metric');
    const metric = Object.fromEntries(Object.entries(entry.metric).map(([key, value]) => [key, String(value)]));
    if (resultType === 'vector') return { metric, points: [point(entry.value, malformed)] };
    if (!Array.isArray(entry.values)) throw malformed('a range series without values');
    return { metric, points: entry.values.map((value: unknown) => point(value, malformed)) };
  });
}

/** A sample is `[<unix seconds>, "<value>"]`; the value is a string so NaN and ±Inf survive JSON. */
function point(value: unknown, malformed: (what: string) => Error): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || typeof value[1] !== 'string') {
    throw malformed('a sample that is not [time, "value"]');
  }
  const number = Number(value[1]);
  if (Number.isNaN(number) && value[1] !== 'NaN') throw malformed(`the value "${value[1].slice(0, 40)}"`);
  return [value[0], number];
}

function seconds(time: Date): string {
  return (time.getTime() / 1000).toFixed(3);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
