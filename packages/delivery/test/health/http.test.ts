import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/delivery/process';
import { type Service, startService } from '../../../../test/support/delivery/service';
import { createHealthCheck } from '../../src/health';

describe('HTTP health check against the test service', () => {
  let stable: Service;
  let canary: Service;
  beforeAll(async () => {
    stable = await startService('stable');
    canary = await startService('canary');
  });
  afterAll(async () => {
    await stable?.close();
    await canary?.close();
  });

  it('is healthy on a 2xx and unhealthy on a 503, with what it saw', async () => {
    const check = createHealthCheck({
      urls: { stable: `${stable.url}/healthz`, canary: `${canary.url}/healthz` },
      timeoutMs: 2_000,
    });
    expect(await check.probe('canary')).toMatchObject({
      healthy: true,
      detail: expect.stringMatching(/HTTP 200 in \d+ ms$/),
    });
    canary.set({ healthy: false });
    expect(await check.probe('canary')).toMatchObject({ healthy: false, detail: expect.stringMatching(/HTTP 503/) });
    expect((await check.probe('stable')).healthy).toBe(true);
    canary.set({ healthy: true });
  });

  it('is unhealthy when the version refuses the connection or does not answer in time', async () => {
    const sockets: Socket[] = [];
    // Accepts connections and never answers.
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const check = createHealthCheck({
      urls: { stable: `http://127.0.0.1:${await freePort()}/healthz`, canary: `http://127.0.0.1:${port}/` },
      timeoutMs: 300,
    });
    expect(await check.probe('canary')).toEqual({
      healthy: false,
      detail: `http://127.0.0.1:${port}/: no answer within 300 ms`,
    });
    expect(await check.probe('stable')).toMatchObject({
      healthy: false,
      detail: expect.stringMatching(/ECONNREFUSED/),
    });
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it.each([
    [{ stable: 'http://127.0.0.1:1/' }, /^health-url: the canary needs a health URL/],
    [{ canary: 'not a url' }, /^health-url: the canary health URL "not a url" is not a URL/],
    [{ canary: 'ftp://127.0.0.1/' }, /^health-url: the canary health URL .* is not http/],
  ])('names the input that is wrong', (urls, message) => {
    expect(() => createHealthCheck({ urls, timeoutMs: 100 })).toThrow(message);
  });
});
