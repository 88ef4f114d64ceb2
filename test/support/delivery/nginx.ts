import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, freePort, startServerProcess } from './process';

export interface NginxServer {
  url: string;
  /** The file nginx.conf includes inside `http {}`; the router renders the upstream into it. */
  upstreamFile: string;
  upstream: string;
  stableServer: string;
  canaryServer: string;
  /** Argument vectors for this instance: `nginx -p <dir> -c <conf> -t` and `... -s reload`. */
  testCommand: string[];
  reloadCommand: string[];
  output(): string;
  stop(): Promise<void>;
}

/**
 * The real nginx (Debian's 1.22) as its own master in the foreground (`daemon off`), with its
 * prefix, pid file, logs and temp folders in a temporary folder, one worker (so nginx's smooth
 * weighted round robin splits exactly), and a server on a free loopback port proxying to the
 * upstream `app` that `upstream.conf` defines: stable at weight 100, canary `down`.
 */
export async function startNginx(upstreams: { stable: string; canary: string }): Promise<NginxServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ccm-nginx-'));
  // Workers run as nobody when the master runs as root: they must reach the temp folders.
  await chmod(dir, 0o755);
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  const upstreamFile = join(dir, 'upstream.conf');
  const stableServer = new URL(upstreams.stable).host;
  const canaryServer = new URL(upstreams.canary).host;
  await writeFile(
    upstreamFile,
    `upstream app {\n  server ${stableServer} weight=100;\n  server ${canaryServer} down;\n}\n`,
  );
  await writeFile(
    conf,
    `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  include ${upstreamFile};
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const base = ['nginx', '-p', dir, '-c', conf];
  const url = `http://127.0.0.1:${port}`;
  const server = await startServerProcess('nginx', base, () => answers(url), { exitSignal: 'SIGTERM', folder: dir });
  return {
    url,
    upstreamFile,
    upstream: 'app',
    stableServer,
    canaryServer,
    testCommand: [...base, '-t', '-q'],
    reloadCommand: [...base, '-s', 'reload'],
    output: server.output,
    // The master takes its workers with it on SIGTERM (fast shutdown).
    stop: server.stop,
  };
}
