export const id = 634;
export const ids = [634];
export const modules = {

/***/ 43634:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createHealthCheck: () => (/* reexport */ health/* createHealthCheck */.P),
  createMetricProvider: () => (/* reexport */ createMetricProvider),
  createRouter: () => (/* reexport */ routers/* createRouter */.a),
  httpSmokeCheck: () => (/* binding */ httpSmokeCheck),
  realAdapters: () => (/* binding */ realAdapters)
});

// EXTERNAL MODULE: ./packages/delivery/src/health/index.ts
var health = __webpack_require__(77550);
// EXTERNAL MODULE: ./packages/delivery/src/health/http.ts
var http = __webpack_require__(89496);
// EXTERNAL MODULE: ./packages/toolkit/src/errors.ts
var errors = __webpack_require__(38178);
// EXTERNAL MODULE: ./packages/delivery/src/haproxy-runtime.ts
var haproxy_runtime = __webpack_require__(82847);
// EXTERNAL MODULE: ./packages/delivery/src/ports.ts
var ports = __webpack_require__(95871);
;// CONCATENATED MODULE: ./packages/delivery/src/metrics/haproxy-stats.ts



const SERVER_INPUT = { stable: 'stable-server', canary: 'canary-server' };
/** Kept snapshots: a day at one a second. */
const MAX_SNAPSHOTS = 86_400;
/**
 * HAProxy's own statistics (`show stat` on the Runtime API). Its counters are cumulative since
 * start, so observe() reads them every `pollMs` while a window runs and measure() judges the
 * differences: requests are the server's HTTP responses (hrsp_1xx to hrsp_other) plus failed
 * connections (econ), errors are hrsp_5xx plus econ. A counter that went down (HAProxy restarted)
 * starts a new series rather than a negative difference. HAProxy keeps averages of its timers over
 * the last 1,024 requests, not percentiles, so latency-p95 is not measured by it.
 */
class HaproxyStatsProvider {
    settings;
    pollMs;
    name = 'haproxy';
    api;
    snapshots = [];
    failures = [];
    constructor(settings, pollMs = 1_000) {
        this.settings = settings;
        this.pollMs = pollMs;
        this.api = new haproxy_runtime/* HaproxyRuntimeApi */.C(settings.socket);
    }
    supports(kind) {
        return kind === 'error-rate';
    }
    async check() {
        let csv;
        try {
            csv = await this.api.command('show stat');
        }
        catch (error) {
            if (!(error instanceof haproxy_runtime/* RuntimeApiUnreachable */.j))
                throw error;
            throw new errors/* ConfigurationError */.j1(`haproxy-socket: cannot read HAProxy's statistics at ${this.settings.socket} (${error.message})`);
        }
        const rows = parseStatCsv(csv);
        if (!rows.some((row) => row.pxname === this.settings.backend && row.svname === 'BACKEND')) {
            throw new errors/* ConfigurationError */.j1(`backend: HAProxy's statistics have no backend "${this.settings.backend}"`);
        }
        for (const track of ['stable', 'canary']) {
            if (!rows.some((row) => row.pxname === this.settings.backend && row.svname === this.server(track))) {
                throw new errors/* ConfigurationError */.j1(`${SERVER_INPUT[track]}: backend "${this.settings.backend}" has no server "${this.server(track)}"`);
            }
        }
    }
    /** Reads the counters now and every pollMs until the window ends; a failed read is remembered, not thrown. */
    async observe(window) {
        for (;;) {
            await this.poll();
            const left = window.end.getTime() - Date.now();
            if (left <= 0)
                return;
            await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollMs, left)));
        }
    }
    async measure(request) {
        if (request.kind !== 'error-rate')
            throw new ports/* ProviderError */.m(`${request.name}: not measured by haproxy`);
        const { track, window } = request;
        const start = window.start.getTime() - this.pollMs / 2;
        const end = window.end.getTime() + this.pollMs / 2;
        const inWindow = this.snapshots.filter((s) => s.at >= start && s.at <= end);
        const failed = this.failures.filter((f) => f.at >= start && f.at <= end);
        const source = `haproxy show stat ${this.settings.backend}/${this.server(track)}: ${inWindow.length} reads from ${window.start.toISOString()} to ${window.end.toISOString()}`;
        if (inWindow.length < 2) {
            if (failed.length > 0)
                throw new ports/* ProviderError */.m(`haproxy: statistics unreadable in the window: ${failed.at(-1)?.message}`);
            return { value: undefined, samples: [], source };
        }
        let requests = 0;
        let errors = 0;
        const samples = [];
        for (let i = 1; i < inWindow.length; i++) {
            const step = difference(inWindow[i - 1].counters[track], inWindow[i].counters[track]);
            requests += step.requests;
            errors += step.errors;
            if (step.requests > 0)
                samples.push((100 * step.errors) / step.requests);
        }
        return { value: requests === 0 ? undefined : (100 * errors) / requests, count: requests, samples, source };
    }
    async poll() {
        try {
            const rows = parseStatCsv(await this.api.command('show stat'));
            const counters = (track) => {
                const row = rows.find((r) => r.pxname === this.settings.backend && r.svname === this.server(track));
                if (!row)
                    throw new ports/* ProviderError */.m(`haproxy: ${this.settings.backend}/${this.server(track)} is missing from show stat`);
                const field = (name) => Number(row[name] || 0);
                const econ = field('econ');
                const responses = ['hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other'].reduce((sum, name) => sum + field(name), 0);
                return { requests: responses + econ, errors: field('hrsp_5xx') + econ };
            };
            this.snapshots.push({ at: Date.now(), counters: { stable: counters('stable'), canary: counters('canary') } });
            if (this.snapshots.length > MAX_SNAPSHOTS)
                this.snapshots.shift();
        }
        catch (error) {
            if (!(error instanceof haproxy_runtime/* RuntimeApiUnreachable */.j || error instanceof ports/* ProviderError */.m))
                throw error;
            this.failures.push({ at: Date.now(), message: error.message });
            if (this.failures.length > MAX_SNAPSHOTS)
                this.failures.shift();
        }
    }
    server(track) {
        return track === 'stable' ? this.settings.stableServer : this.settings.canaryServer;
    }
}
/** The counts between two reads; after a restart (a counter went down) the later read is the count. */
function difference(before, after) {
    if (after.requests < before.requests || after.errors < before.errors)
        return after;
    return { requests: after.requests - before.requests, errors: after.errors - before.errors };
}
/**
 * `show stat` is CSV with a header line starting "# " and no quoting (HAProxy writes no commas inside
 * fields of the rows we read), one row per frontend, backend and server.
 */
function parseStatCsv(csv) {
    const lines = csv.split('\n').filter((line) => line.trim() !== '');
    const header = lines[0];
    if (!header?.startsWith('# '))
        throw new ports/* ProviderError */.m(`haproxy: show stat answered without its "# " header: ${csv.slice(0, 120)}`);
    const names = header.slice(2).split(',');
    return lines.slice(1).map((line) => {
        const values = line.split(',');
        return Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']));
    });
}

// EXTERNAL MODULE: ./packages/delivery/src/fetch-error.ts
var fetch_error = __webpack_require__(21448);
// EXTERNAL MODULE: ./packages/delivery/src/metrics/request-log.ts
var request_log = __webpack_require__(61851);
;// CONCATENATED MODULE: ./packages/delivery/src/metrics/probe.ts



/** Requests in flight per track at most: a version that hangs must not pile up sockets. */
const MAX_IN_FLIGHT = 64;
/** How long a tick keeps background probing alive at least. */
const LEASE_MS = 30_000;
/**
 * The built-in prober: while a window runs, observe() sends `rate` GET requests a second to each
 * version's URL itself and times each one (from sending to the last byte of the body). A 5xx, a
 * refused connection or no answer within `timeoutMs` is a failed request. Error rate and p95
 * (nearest rank) come from its own samples, so it needs neither a router's statistics nor a
 * metrics system; it measures the versions directly, not through the router.
 *
 * observe() takes either kind of call a rollout makes: a window still running (it probes until its
 * end, then resolves), or a window that just ended, as a tick of a loop that sleeps between calls.
 * A tick keeps probing in the background until the next tick is due (twice the gap between the
 * last two ticks, at least LEASE_MS), so the windows between ticks hold requests too; close() or a
 * tick that does not come ends it.
 */
class ProbeProvider {
    settings;
    name = 'probe';
    log = new request_log/* RequestLog */.w('probe');
    urls;
    /** Background probing after a tick: until this time (ms since the epoch). */
    leaseUntil = 0;
    lastTick;
    background;
    constructor(settings) {
        this.settings = settings;
        this.urls = { stable: probeUrl(settings, 'stable'), canary: probeUrl(settings, 'canary') };
        if (!(settings.rate > 0 && settings.rate <= 1000)) {
            throw new errors/* ConfigurationError */.j1(`probe-rate: requests per second must be above 0 and at most 1000, not ${settings.rate}`);
        }
        if (!(settings.timeoutMs > 0))
            throw new errors/* ConfigurationError */.j1(`probe-timeout: must be a positive number of ms, not ${settings.timeoutMs}`);
    }
    supports(kind) {
        return kind !== 'custom';
    }
    /** Each version answers HTTP at its URL (any status: a failing canary is for the judge, not a setup error). */
    async check() {
        for (const track of ['stable', 'canary']) {
            try {
                const response = await fetch(this.urls[track], { signal: AbortSignal.timeout(this.settings.timeoutMs) });
                await response.arrayBuffer();
            }
            catch (error) {
                throw new errors/* ConfigurationError */.j1(`probe-url: the ${track} version does not answer at ${this.urls[track].href} (${(0,fetch_error/* describeFetchError */.O)(error)})`);
            }
        }
    }
    async observe(window) {
        const now = Date.now();
        if (window.end.getTime() > now) {
            await this.probeBoth(window.end.getTime());
            return;
        }
        const gap = this.lastTick === undefined ? 0 : now - this.lastTick;
        this.lastTick = now;
        this.leaseUntil = now + Math.max(LEASE_MS, 2 * gap);
        this.background ??= this.keepProbing().finally(() => {
            this.background = undefined;
        });
    }
    async close() {
        this.leaseUntil = 0;
        await this.background;
    }
    async measure({ kind, track, window }) {
        return this.log.measure(kind, track, window);
    }
    /** Probes in slices of at most a second while the lease lasts, so close() and an expired lease stop it soon. */
    async keepProbing() {
        while (Date.now() < this.leaseUntil)
            await this.probeBoth(Math.min(this.leaseUntil, Date.now() + 1_000));
    }
    probeBoth(until) {
        return Promise.all([this.probe('stable', until), this.probe('canary', until)]);
    }
    /** Paced against the clock from now until `end`, then waits for the requests in flight. */
    async probe(track, end) {
        const started = Date.now();
        const inFlight = new Set();
        let sent = 0;
        while (Date.now() < end) {
            const due = Math.floor(((Date.now() - started) / 1000) * this.settings.rate) + 1;
            while (sent < due && inFlight.size < MAX_IN_FLIGHT) {
                sent++;
                const request = this.once(track).finally(() => inFlight.delete(request));
                inFlight.add(request);
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(1000 / this.settings.rate, Math.max(1, end - Date.now()))));
        }
        await Promise.all(inFlight);
    }
    async once(track) {
        const sentAt = Date.now();
        const start = performance.now();
        let status;
        try {
            const response = await fetch(this.urls[track], {
                signal: AbortSignal.timeout(this.settings.timeoutMs),
                headers: { 'user-agent': 'ccm-canary-probe' },
            });
            await response.arrayBuffer();
            status = response.status;
        }
        catch {
            status = undefined;
        }
        this.log.record(track, status, performance.now() - start, sentAt);
    }
}
function probeUrl(settings, track) {
    const text = settings.urls[track];
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`probe-url: the ${track} URL "${text}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new errors/* ConfigurationError */.j1(`probe-url: the ${track} URL "${text}" is not http(s)`);
    }
    return url;
}

;// CONCATENATED MODULE: ./packages/delivery/src/metrics/prometheus-api.ts



/**
 * A client of Prometheus' HTTP API (`/api/v1/query`, `/api/v1/query_range`). Every answer is checked
 * against the documented envelope `{status, data: {resultType, result}}` before it is used: a
 * malformed or failed answer is a ProviderError, a query Prometheus cannot parse (`bad_data`) is the
 * user's ConfigurationError naming `input`.
 */
class PrometheusApi {
    timeoutMs;
    base;
    constructor(url, timeoutMs = 10_000) {
        this.timeoutMs = timeoutMs;
        try {
            this.base = new URL(url.endsWith('/') ? url : `${url}/`);
        }
        catch {
            throw new errors/* ConfigurationError */.j1(`prometheus-url: "${url}" is not a URL`);
        }
        if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
            throw new errors/* ConfigurationError */.j1(`prometheus-url: "${url}" is not an http(s) URL`);
        }
    }
    get url() {
        return this.base.href;
    }
    query(query, time, input) {
        return this.call('api/v1/query', { query, time: seconds(time) }, input);
    }
    queryRange(query, start, end, stepSeconds, input) {
        const params = { query, start: seconds(start), end: seconds(end), step: String(stepSeconds) };
        return this.call('api/v1/query_range', params, input);
    }
    async call(path, params, input) {
        const endpoint = new URL(path, this.base);
        let response;
        let text;
        try {
            response = await fetch(endpoint, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams(params),
                signal: AbortSignal.timeout(this.timeoutMs),
            });
            text = await response.text();
        }
        catch (error) {
            throw new ports/* ProviderError */.m(`prometheus: ${endpoint.href} did not answer: ${(0,fetch_error/* describeFetchError */.O)(error)}`);
        }
        let body;
        try {
            body = JSON.parse(text);
        }
        catch {
            throw new ports/* ProviderError */.m(`prometheus: ${endpoint.href} answered ${response.status} with a body that is not JSON`);
        }
        if (!isObject(body) || (body.status !== 'success' && body.status !== 'error')) {
            throw new ports/* ProviderError */.m(`prometheus: ${endpoint.href} answered ${response.status} without a status`);
        }
        if (body.status === 'error') {
            const detail = `${String(body.errorType)}: ${String(body.error)}`;
            // bad_data: the query does not parse or its parameters are wrong; the query is the user's.
            if (body.errorType === 'bad_data')
                throw new errors/* ConfigurationError */.j1(`${input}: Prometheus refused the query (${detail})`);
            throw new ports/* ProviderError */.m(`prometheus: ${endpoint.href} answered ${response.status} (${detail})`);
        }
        return parseData(body.data, endpoint.href);
    }
}
function parseData(data, where) {
    const malformed = (what) => new ports/* ProviderError */.m(`prometheus: ${where}: malformed answer (${what})`);
    if (!isObject(data) || typeof data.resultType !== 'string')
        throw malformed('no data.resultType');
    const { resultType, result } = data;
    if (resultType === 'scalar')
        return [{ metric: {}, points: [point(result, malformed)] }];
    if (resultType !== 'vector' && resultType !== 'matrix')
        throw malformed(`resultType ${resultType}`);
    if (!Array.isArray(result))
        throw malformed('data.result is not a list');
    return result.map((entry) => {
        if (!isObject(entry) || !isObject(entry.metric))
            throw malformed('a series without metric');
        const metric = Object.fromEntries(Object.entries(entry.metric).map(([key, value]) => [key, String(value)]));
        if (resultType === 'vector')
            return { metric, points: [point(entry.value, malformed)] };
        if (!Array.isArray(entry.values))
            throw malformed('a range series without values');
        return { metric, points: entry.values.map((value) => point(value, malformed)) };
    });
}
/** A sample is `[<unix seconds>, "<value>"]`; the value is a string so NaN and ±Inf survive JSON. */
function point(value, malformed) {
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || typeof value[1] !== 'string') {
        throw malformed('a sample that is not [time, "value"]');
    }
    const number = Number(value[1]);
    if (Number.isNaN(number) && value[1] !== 'NaN')
        throw malformed(`the value "${value[1].slice(0, 40)}"`);
    return [value[0], number];
}
function seconds(time) {
    return (time.getTime() / 1000).toFixed(3);
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// EXTERNAL MODULE: ./packages/delivery/src/metrics/promql.ts
var promql = __webpack_require__(43330);
;// CONCATENATED MODULE: ./packages/delivery/src/metrics/prometheus.ts




/** The input each built-in query comes from, for errors. */
const INPUT = {
    'error-rate': 'error-rate-query',
    'latency-p95': 'latency-query',
};
/**
 * Prometheus: the window's value from an instant query at the window's end with `{{ interval }}` the
 * window's length; the baseline samples from a range query over the window, one point per
 * `stepSeconds` with `{{ interval }}` that step (so consecutive points cover disjoint spans; the
 * step should be at least twice the scrape interval for rate() to have two samples). Latency
 * queries answer in seconds and are reported in ms. A query must return one series (or none: no
 * data); several are the user's mistake.
 */
class PrometheusProvider {
    settings;
    name = 'prometheus';
    api;
    constructor(settings) {
        this.settings = settings;
        this.api = new PrometheusApi(settings.url);
        if (!Number.isFinite(settings.stepSeconds) || settings.stepSeconds <= 0) {
            throw new errors/* ConfigurationError */.j1(`prometheus-step: must be a positive number of seconds, not ${settings.stepSeconds}`);
        }
    }
    supports(_kind) {
        return true;
    }
    /** Prometheus answers, and each built-in query parses and gives at most one series per track. */
    async check() {
        try {
            const response = await fetch(new URL('api/v1/status/buildinfo', this.api.url), {
                signal: AbortSignal.timeout(10_000),
            });
            await response.arrayBuffer();
            if (!response.ok)
                throw new Error(`HTTP ${response.status}`);
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`prometheus-url: Prometheus does not answer at ${this.api.url} (${(0,fetch_error/* describeFetchError */.O)(error)})`);
        }
        const now = new Date();
        const window = { start: new Date(now.getTime() - 60_000), end: now };
        for (const track of ['stable', 'canary']) {
            for (const kind of ['error-rate', 'latency-p95']) {
                await this.instant(this.queryOf({ name: kind, kind, track, window }), track, window);
            }
        }
    }
    async measure(request) {
        const { query, input } = this.queryOf(request);
        const { track, window } = request;
        const scale = request.kind === 'latency-p95' ? 1000 : 1;
        const rendered = (0,promql/* renderQuery */.no)(query, { version: track, intervalSeconds: prometheus_seconds(window) }, input);
        const value = await this.instant({ query, input }, track, window);
        const rangeQuery = (0,promql/* renderQuery */.no)(query, { version: track, intervalSeconds: this.settings.stepSeconds }, input);
        // The first point covers the step before it: start one step in, so every point lies in the window.
        const firstPoint = new Date(Math.min(window.start.getTime() + this.settings.stepSeconds * 1000, window.end.getTime()));
        const range = await this.api.queryRange(rangeQuery, firstPoint, window.end, this.settings.stepSeconds, input);
        const samples = one(range, input, rangeQuery)
            ?.points.map(([, v]) => v * scale)
            .filter(Number.isFinite) ?? [];
        const count = request.kind === 'custom' ? undefined : await this.count(track, window);
        return {
            value: value === undefined ? undefined : value * scale,
            ...(count === undefined ? {} : { count }),
            samples,
            source: `prometheus ${rendered}`,
        };
    }
    queryOf(request) {
        if (request.kind === 'custom') {
            if (!request.query)
                throw new errors/* ConfigurationError */.j1(`analysis: metric "${request.name}" has no query`);
            return { query: request.query, input: `analysis: metric "${request.name}"` };
        }
        const query = request.query ?? (request.kind === 'error-rate' ? this.settings.errorRateQuery : this.settings.latencyQuery);
        return { query, input: INPUT[request.kind] };
    }
    /** The query's one value at the window's end; undefined for no series or NaN (0/0: no requests). */
    async instant({ query, input }, track, window) {
        const rendered = (0,promql/* renderQuery */.no)(query, { version: track, intervalSeconds: prometheus_seconds(window) }, input);
        const series = one(await this.api.query(rendered, window.end, input), input, rendered);
        const value = series?.points[0]?.[1];
        return value === undefined || Number.isNaN(value) ? undefined : value;
    }
    /** Requests in the window, for `min-samples`; undefined where the count query finds nothing. */
    async count(track, window) {
        const query = this.settings.countQuery ?? promql/* DEFAULT_COUNT_QUERY */.Z2;
        const value = await this.instant({ query, input: 'request-count-query' }, track, window);
        return value === undefined ? undefined : Math.round(value);
    }
}
function one(series, input, query) {
    if (series.length > 1) {
        const labels = series
            .slice(0, 3)
            .map((s) => JSON.stringify(s.metric))
            .join(', ');
        throw new errors/* ConfigurationError */.j1(`${input}: the query returns ${series.length} series where one is expected (${labels}); aggregate it, e.g. sum(...): ${query}`);
    }
    return series[0];
}
function prometheus_seconds(window) {
    return (window.end.getTime() - window.start.getTime()) / 1000;
}

;// CONCATENATED MODULE: ./packages/delivery/src/metrics/index.ts




/** The adapter for the `metrics` input's provider. */
function createMetricProvider(settings) {
    switch (settings.kind) {
        case 'prometheus':
            return new PrometheusProvider(settings);
        case 'haproxy':
            return new HaproxyStatsProvider(settings);
        case 'probe':
            return new ProbeProvider(settings);
    }
}

// EXTERNAL MODULE: ./packages/delivery/src/routers/index.ts + 3 modules
var routers = __webpack_require__(42611);
;// CONCATENATED MODULE: ./packages/delivery/src/adapters.ts
/** The real adapters of a step: the routers, providers and checks the inputs name. */





/** The blue-green smoke check: one GET of the preview, passed by a 2xx within the timeout. */
function httpSmokeCheck(url, timeoutMs) {
    const check = new http/* HttpHealthCheck */.$({ urls: { canary: url }, timeoutMs });
    return async () => {
        const { healthy, detail } = await check.probe('canary');
        return { ok: healthy, detail };
    };
}
function realAdapters() {
    return { createRouter: routers/* createRouter */.a, createMetricProvider: createMetricProvider, createHealthCheck: health/* createHealthCheck */.P, smokeCheck: httpSmokeCheck };
}


/***/ })

};
