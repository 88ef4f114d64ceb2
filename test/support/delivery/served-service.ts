import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * The service a `deploy-command` switches (see deploy.mjs): it serves whatever version `served.json`
 * in `dir` names, read on every request. `GET /` answers the version; `GET /healthz` answers 503
 * while a version in `bad` is served (or nothing is), 200 otherwise.
 */
export async function startServedService(dir: string, bad: readonly string[]) {
  const served = async (): Promise<string | undefined> => {
    try {
      return (JSON.parse(await readFile(join(dir, 'served.json'), 'utf8')) as { version?: string }).version;
    } catch {
      return undefined;
    }
  };
  const server = createServer(async (request, response) => {
    const version = await served();
    if (request.url === '/healthz') {
      const ok = version !== undefined && !bad.includes(version);
      response.writeHead(ok ? 200 : 503).end(ok ? 'ok' : `serving ${version ?? 'nothing'}`);
      return;
    }
    response.writeHead(200, { 'x-version': version ?? '' }).end(version ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
