import { type HaproxyServer, startHaproxy } from './haproxy';
import { type LoadGenerator, startLoad } from './load';
import { type NginxServer, startNginx } from './nginx';
import { type PrometheusServer, startPrometheus } from './prometheus';
import { type Behaviour, type Service, startService } from './service';

export interface CanaryWorld {
  stable: Service;
  canary: Service;
  haproxy?: HaproxyServer;
  nginx?: NginxServer;
  prometheus?: PrometheusServer;
  /** The frontend of the router started (HAProxy's or nginx's). */
  frontend: string;
  /** Steady traffic through the frontend (see load.ts); stopped with the world if still running. */
  startLoad(options?: { rate?: number }): LoadGenerator;
  stop(): Promise<void>;
}

/**
 * The canary test world in one call: the service in versions `stable` and `canary`, a real router in
 * front of them (HAProxy: canary at weight 0; nginx: canary `down`), optionally a real Prometheus
 * scraping both every second. Everything listens on free loopback ports; stop() ends it all, and a
 * worker that dies takes every process with it. A part that cannot start fails the setup loudly.
 */
export async function startCanaryWorld(options: {
  router: 'haproxy' | 'nginx';
  prometheus?: boolean;
  stable?: Partial<Behaviour>;
  canary?: Partial<Behaviour>;
}): Promise<CanaryWorld> {
  const stops: (() => Promise<unknown>)[] = [];
  const loads: LoadGenerator[] = [];
  const stop = async () => {
    for (const load of loads) await load.stop();
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
  };
  try {
    const stable = await startService('stable', options.stable);
    stops.push(stable.close);
    const canary = await startService('canary', options.canary);
    stops.push(canary.close);
    const upstreams = { stable: stable.url, canary: canary.url };
    const haproxy = options.router === 'haproxy' ? await startHaproxy(upstreams) : undefined;
    if (haproxy) stops.push(haproxy.stop);
    const nginx = options.router === 'nginx' ? await startNginx(upstreams) : undefined;
    if (nginx) stops.push(nginx.stop);
    const prometheus = options.prometheus ? await startPrometheus([stable.url, canary.url]) : undefined;
    if (prometheus) {
      stops.push(prometheus.stop);
      await prometheus.scraped();
    }
    const frontend = (haproxy?.url ?? nginx?.url)!;
    return {
      stable,
      canary,
      ...(haproxy ? { haproxy } : {}),
      ...(nginx ? { nginx } : {}),
      ...(prometheus ? { prometheus } : {}),
      frontend,
      startLoad(loadOptions = {}) {
        const load = startLoad(frontend, loadOptions);
        loads.push(load);
        return load;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
