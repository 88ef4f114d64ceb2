import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname } from 'node:path';

/**
 * A bare repository served over git's smart HTTP protocol by git's own `git http-backend` (CGI, run
 * per request), behind HTTP Basic auth as GitHub asks it of a token: `x-access-token:<token>`. A
 * request without the right Authorization header gets 401, so a push that does not send the token
 * the way actions/checkout configures it fails. Every Authorization header seen is kept.
 */
export async function gitHttpServer(bareRepository: string, token: string) {
  const expected = Buffer.from(`x-access-token:${token}`).toString('base64');
  // The scheme is case-insensitive (RFC 9110); actions/checkout writes `basic`.
  const credentials = (header: string | undefined) => /^basic (\S+)$/i.exec(header ?? '')?.[1];
  const seen: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers.authorization);
    if (credentials(request.headers.authorization) !== expected) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('unauthorized');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: dirname(bareRepository),
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: request.method ?? 'GET',
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    request.pipe(child.stdin);
    // CGI output: headers (Status: included), a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        response.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      response.writeHead(status, headers);
      response.write(head.subarray(end + 4));
    });
    child.on('close', () => {
      if (!headersDone) response.writeHead(500).end('git http-backend wrote no headers');
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${basename(bareRepository)}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
