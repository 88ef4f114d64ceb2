import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, freePort, startServerProcess } from './process';

export interface PrometheusServer {
  url: string;
  /** Waits until Prometheus has scraped every target at least once and each is up. */
  scraped(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real Prometheus (Debian's 2.42) on a free loopback port, with a temporary TSDB, scraping each
 * target's /metrics every second (job `app`).
 */
export async function startPrometheus(targets: string[]): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ccm-prometheus-'));
  const port = await freePort();
  const hosts = targets.map((target) => JSON.stringify(new URL(target).host));
  const config = `global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: app
    static_configs:
      - targets: [${hosts.join(', ')}]
`;
  const file = join(dir, 'prometheus.yml');
  await writeFile(file, config);
  const url = `http://127.0.0.1:${port}`;
  const server = await startServerProcess(
    'prometheus',
    [
      'prometheus',
      `--config.file=${file}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    () => answers(`${url}/-/ready`),
    { timeoutMs: 60_000, folder: dir },
  );
  return {
    url,
    async scraped() {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const response = await fetch(`${url}/api/v1/query?query=up`);
        const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
        const up = body.data.result.filter((series) => series.value[1] === '1').length;
        if (up === targets.length) return;
        if (Date.now() > deadline) throw new Error(`Prometheus: ${up} of ${targets.length} targets up after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop: server.stop,
  };
}
