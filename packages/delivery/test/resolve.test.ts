import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingLogger } from '@ccm/toolkit';
import { describe, expect, it } from 'vitest';
import { loadAnalysis } from '../src/analysis';
import { parseDuration } from '../src/clock';
import { processHookRunner } from '../src/hooks';
import { parseSteps, resolveCanarySettings } from '../src/resolve';

const HAPROXY = {
  'haproxy-socket': '127.0.0.1:9999',
  backend: 'app',
  'stable-server': 'v1',
  'canary-server': 'v2',
  'prometheus-url': 'http://127.0.0.1:9090',
};
const resolveWith = (inputs: Record<string, string>, workspace = '/ws') =>
  resolveCanarySettings((name) => inputs[name] ?? '', workspace);

describe('inputs into settings', () => {
  it('applies the issue defaults: 5,10,50,100, 60 s, 100 samples, 1 % / 500 ms, aborts at 5 % / 1000 ms / 3', async () => {
    const settings = await resolveWith(HAPROXY);
    expect(settings.policy).toMatchObject({
      strategy: 'canary',
      steps: [5, 10, 50, 100],
      intervalMs: 60_000,
      checkIntervalMs: 10_000,
      minSamples: 100,
      maxHealthFailures: 3,
      noData: 'fail',
      baseline: { alpha: expect.closeTo(0.01, 10), tolerance: 0.2 },
    });
    expect(settings.policy.metrics.map((m) => [m.name, m.max, m.abortMax])).toEqual([
      ['error-rate', 1, 5],
      ['p95', 500, 1000],
    ]);
    expect(settings.router).toEqual({
      kind: 'haproxy',
      socket: '127.0.0.1:9999',
      backend: 'app',
      stableServer: 'v1',
      canaryServer: 'v2',
    });
    expect(settings.metrics).toMatchObject({ kind: 'prometheus', url: 'http://127.0.0.1:9090', stepSeconds: 5 });
    expect(settings.stateFile).toBe('/ws/.ccm/canary-rollout.json');
  });

  it('reads every router and provider kind', async () => {
    const nginx = await resolveWith({
      ...HAPROXY,
      router: 'nginx',
      'nginx-config': 'conf/upstream.conf',
      upstream: 'app',
      'stable-server': '127.0.0.1:8001',
      'canary-server': '127.0.0.1:8002',
      'nginx-reload-command': 'nginx\n-c\n/etc/nginx.conf\n-s\nreload',
    });
    expect(nginx.router).toEqual({
      kind: 'nginx',
      config: '/ws/conf/upstream.conf',
      upstream: 'app',
      stableServer: '127.0.0.1:8001',
      canaryServer: '127.0.0.1:8002',
      testCommand: ['nginx', '-t'],
      reloadCommand: ['nginx', '-c', '/etc/nginx.conf', '-s', 'reload'],
    });
    const gateway = await resolveWith({
      ...HAPROXY,
      router: 'gateway-api',
      'http-route': 'shop/web',
      'stable-backend': 'web-v1',
      'canary-backend': 'web-v2',
    });
    expect(gateway.router).toEqual({
      kind: 'gateway-api',
      route: 'web',
      namespace: 'shop',
      stableBackend: 'web-v1',
      canaryBackend: 'web-v2',
    });
    const local = await resolveWith({
      ...HAPROXY,
      router: 'local',
      'stable-server': '127.0.0.1:8001',
      'canary-server': 'http://127.0.0.1:8002',
    });
    expect(local.router).toEqual({
      kind: 'local',
      listen: '127.0.0.1:0',
      upstreams: { stable: 'http://127.0.0.1:8001', canary: 'http://127.0.0.1:8002' },
    });
    const probe = await resolveWith({
      ...HAPROXY,
      metrics: 'probe',
      'probe-url': 'http://127.0.0.1:8001/\nhttp://127.0.0.1:8002/',
    });
    expect(probe.metrics).toEqual({
      kind: 'probe',
      urls: { stable: 'http://127.0.0.1:8001/', canary: 'http://127.0.0.1:8002/' },
      rate: 10,
      timeoutMs: 2000,
    });
    const stats = await resolveWith({ ...HAPROXY, metrics: 'haproxy' });
    expect(stats.metrics).toEqual({
      kind: 'haproxy',
      socket: '127.0.0.1:9999',
      backend: 'app',
      stableServer: 'v1',
      canaryServer: 'v2',
    });
  });

  it.each([
    [{ router: 'traefik' }, "input router: expected one of haproxy, nginx, gateway-api, local, got 'traefik'"],
    [{ metrics: 'datadog' }, "input metrics: expected one of prometheus, haproxy, probe, got 'datadog'"],
    [{ steps: '5,10,50' }, "input steps: the last weight must be 100, got 50 (in '5,10,50')"],
    [{ steps: '5,50,10,100' }, "input steps: weights must rise: 50 then 10 (in '5,50,10,100')"],
    [{ steps: '5,x,100' }, "input steps: 'x' is not a whole percent from 1 to 100 (in '5,x,100')"],
    [{ interval: 'soon' }, "input interval: expected a duration such as 500ms, 30s, 5m or 1h, got 'soon'"],
    [{ 'haproxy-socket': '' }, 'input haproxy-socket: is required with router: haproxy'],
    [{ 'prometheus-url': 'localhost:9090' }, "input prometheus-url: expected an http(s) URL, got 'localhost:9090'"],
    [{ 'pause-at': '30' }, 'input pause-at: 30 is not one of the steps (5, 10, 50, 100)'],
    [{ 'pause-at': '50', strategy: 'blue-green' }, 'input pause-at: applies to strategy: canary only'],
    [
      { metrics: 'probe', 'probe-url': 'http://127.0.0.1:1/' },
      "input probe-url: expected two URLs, stable's then the canary's, one a line; got 1",
    ],
    [
      { 'error-rate-query': 'sum(rate(errors[1m]))' },
      'input error-rate-query: must hold the {{ version }} placeholder',
    ],
    [{ 'max-error-rate': '120' }, "input max-error-rate: expected a number from 0 to 100, got '120'"],
    [{ router: 'nginx' }, 'input nginx-config: is required with router: nginx'],
  ])('%j is refused: %s', async (bad, message) => {
    await expect(resolveWith({ ...HAPROXY, ...bad })).rejects.toThrow(message);
  });

  it('blue-green judges one step at 100 and compare: thresholds drops the baseline', async () => {
    const settings = await resolveWith({
      ...HAPROXY,
      strategy: 'blue-green',
      compare: 'thresholds',
      'smoke-url': 'http://127.0.0.1:8002/healthz',
    });
    expect(settings.policy.steps).toEqual([100]);
    expect(settings.policy.baseline).toBeUndefined();
    expect(settings.policy.metrics.every((m) => !m.compare)).toBe(true);
    expect(settings.smokeUrl).toBe('http://127.0.0.1:8002/healthz');
  });

  it('parses steps and durations', () => {
    expect(parseSteps('100')).toEqual([100]);
    expect(parseSteps(' 1, 25 ,100')).toEqual([1, 25, 100]);
    expect([
      parseDuration('500ms'),
      parseDuration('30s'),
      parseDuration('5m'),
      parseDuration('1h'),
      parseDuration('2'),
    ]).toEqual([500, 30_000, 300_000, 3_600_000, 2000]);
    expect(parseDuration('5 minutes')).toBeUndefined();
  });
});

describe('the analysis file', () => {
  const write = async (text: string) => {
    const dir = await mkdtemp(join(tmpdir(), 'analysis-'));
    const file = join(dir, 'analysis.yml');
    await writeFile(file, text);
    return file;
  };

  it('reads named metrics with max, min and compare', async () => {
    const file = await write(
      [
        'metrics:',
        '  - name: checkout-success',
        '    query: sum(rate(checkout_ok{version="{{ version }}"}[{{ interval }}]))',
        '    min: 0.95',
        '    unit: ratio',
        '  - name: queue-depth',
        '    query: max(queue{version="{{ version }}"})',
        '    max: 100',
        '    compare: thresholds',
      ].join('\n'),
    );
    expect(await loadAnalysis(file, true)).toEqual([
      {
        name: 'checkout-success',
        kind: 'custom',
        query: 'sum(rate(checkout_ok{version="{{ version }}"}[{{ interval }}]))',
        unit: 'ratio',
        min: 0.95,
        compare: true,
      },
      {
        name: 'queue-depth',
        kind: 'custom',
        query: 'max(queue{version="{{ version }}"})',
        unit: '',
        max: 100,
        compare: false,
      },
    ]);
  });

  it.each([
    [
      'metrics:\n  - name: a\n    query: q\n    max: 1\n    maximum: 2\n',
      ":5: metrics[0].maximum: unknown key 'maximum'",
    ],
    ['metrics:\n  - name: a\n    query: q\n', ':2: metrics[0]: needs max, min or compare: baseline'],
    ['metrics:\n  - name: a\n    max: 1\n', ":2: metrics[0]: needs 'query'"],
    ['metrics:\n  - name: a\n    query: q\n    max: lots\n', ':4: metrics[0].max: must be number'],
    ['metrics:\n  - name: p95\n    query: q\n    max: 1\n', ':2: metrics[0].name: error-rate and p95 are built in'],
    [
      'metrics:\n  - name: a\n    query: q\n    compare: kayenta\n',
      ':4: metrics[0].compare: must be one of baseline, thresholds',
    ],
    [
      'metrics:\n  - name: a\n    query: q\n    max: 1\n  - name: a\n    query: r\n    max: 2\n',
      ":5: metrics[1].name: 'a' is named twice",
    ],
    ['metrics: [\n', ':2:1: invalid YAML'],
  ])('%j is refused naming file, line and key', async (text, message) => {
    const file = await write(text);
    await expect(loadAnalysis(file, true)).rejects.toThrow(`${file}${message}`);
  });

  it('a missing file is an error naming the input', async () => {
    await expect(loadAnalysis('/nonexistent/analysis.yml', true)).rejects.toThrow(
      '/nonexistent/analysis.yml: input analysis: cannot read the file (ENOENT)',
    );
  });
});

describe('hooks', () => {
  it('runs a program with its arguments, no shell, its output in the log', async () => {
    const log = new RecordingLogger();
    await processHookRunner(log, tmpdir())('promote-command', [
      'node',
      '-e',
      'console.log(process.argv[1]); console.error("warn")',
      '$(rm -rf /); echo hi',
    ]);
    const lines = log.lines.map((l) => l.message);
    expect(lines).toContain('promote-command> $(rm -rf /); echo hi');
    expect(lines).toContain('promote-command> warn');
  });
  it('a failing or missing program is an error naming the input', async () => {
    const runner = processHookRunner(new RecordingLogger(), tmpdir());
    await expect(runner('pre-command', ['node', '-e', 'process.exit(3)'])).rejects.toThrow(
      "input pre-command: 'node' exited with 3",
    );
    await expect(runner('rollback-command', ['no-such-program-here'])).rejects.toThrow(
      "input rollback-command: cannot run 'no-such-program-here' (ENOENT)",
    );
  });
});
