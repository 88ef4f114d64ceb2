import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, freePort, startServerProcess } from './process';

export interface HaproxyServer {
  /** The frontend clients send traffic to. */
  url: string;
  /** The Runtime API as a Unix socket path, and as host:port (both `level admin`). */
  socket: string;
  tcpSocket: string;
  backend: string;
  stableServer: string;
  canaryServer: string;
  /** The HAProxy process id, while it runs. */
  pid: number | undefined;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The real HAProxy (Debian's 2.6) in the foreground (`-db`), with its Runtime API on a Unix socket and
 * on a loopback TCP port, a frontend on a free loopback port, and a backend `app` holding the
 * servers `stable` (weight 100) and `canary` (weight 0). Balanced `roundrobin`, which takes weight
 * changes at run time (`static-rr` would not).
 */
export async function startHaproxy(
  upstreams: { stable: string; canary: string },
  program = 'haproxy',
): Promise<HaproxyServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ccm-haproxy-'));
  const [frontendPort, adminPort] = [await freePort(), await freePort()];
  const socket = join(dir, 'admin.sock');
  const address = (url: string) => new URL(url).host;
  const config = `global
  stats socket ${socket} level admin
  stats socket 127.0.0.1:${adminPort} level admin
  stats timeout 30s

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s

frontend web
  bind 127.0.0.1:${frontendPort}
  default_backend app

backend app
  balance roundrobin
  server stable ${address(upstreams.stable)} weight 100
  server canary ${address(upstreams.canary)} weight 0
`;
  const file = join(dir, 'haproxy.cfg');
  await writeFile(file, config);
  const url = `http://127.0.0.1:${frontendPort}`;
  const server = await startServerProcess('haproxy', [program, '-db', '-f', file], () => answers(url), {
    folder: dir,
  });
  return {
    url,
    socket,
    tcpSocket: `127.0.0.1:${adminPort}`,
    backend: 'app',
    stableServer: 'stable',
    canaryServer: 'canary',
    pid: server.child.pid,
    output: server.output,
    stop: server.stop,
  };
}
