import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NginxServer, startNginx } from '../../../../test/support/delivery/nginx';
import { type Service, startService } from '../../../../test/support/delivery/service';
import { NginxRouter } from '../../src/routers/nginx';
import { routerContract } from '../contract/router-contract';

async function nginxWorld() {
  const stable = await startService('stable');
  const canary = await startService('canary');
  const nginx = await startNginx({ stable: stable.url, canary: canary.url });
  const stop = async () => {
    await nginx.stop();
    await stable.close();
    await canary.close();
  };
  return { stable, canary, nginx, stop };
}

const settingsOf = (nginx: NginxServer) => ({
  kind: 'nginx' as const,
  config: nginx.upstreamFile,
  upstream: nginx.upstream,
  stableServer: nginx.stableServer,
  canaryServer: nginx.canaryServer,
  testCommand: nginx.testCommand,
  reloadCommand: nginx.reloadCommand,
});

routerContract('nginx', async () => {
  const world = await nginxWorld();
  return { router: new NginxRouter(settingsOf(world.nginx)), frontend: world.nginx.url, stop: world.stop };
});

describe('NginxRouter against a real nginx', () => {
  let world: { stable: Service; canary: Service; nginx: NginxServer; stop(): Promise<void> };
  beforeAll(async () => {
    world = await nginxWorld();
  });
  afterAll(() => world?.stop());

  it('marks a server at 0% down (nginx refuses weight=0) and renders exact weights otherwise', async () => {
    const router = new NginxRouter(settingsOf(world.nginx));
    await router.setWeight(0);
    expect(await readFile(world.nginx.upstreamFile, 'utf8')).toMatch(/server \S+ weight=100;\n {2}server \S+ down;/);
    await router.setWeight(100);
    expect(await readFile(world.nginx.upstreamFile, 'utf8')).toMatch(/server \S+ down;\n {2}server \S+ weight=100;/);
    await router.setWeight(5);
    expect(await readFile(world.nginx.upstreamFile, 'utf8')).toMatch(/weight=95;\n {2}server \S+ weight=5;/);
  });

  it('puts the previous file back when the test command fails, and says why', async () => {
    const router = new NginxRouter({ ...settingsOf(world.nginx), testCommand: ['false'] });
    const before = await readFile(world.nginx.upstreamFile, 'utf8');
    await expect(router.setWeight(50)).rejects.toMatchObject({
      name: 'ProviderError',
      message: expect.stringMatching(/failed false/),
    });
    expect(await readFile(world.nginx.upstreamFile, 'utf8')).toBe(before);
  });

  it.each([
    [
      'nginx-config',
      { config: '/nonexistent/upstream.conf' },
      /^nginx-config: \/nonexistent\/upstream.conf must exist/,
    ],
    ['upstream', { upstream: 'other' }, /^upstream: .* has no upstream "other"/],
    ['stable-server', { stableServer: '127.0.0.1:1' }, /^stable-server: upstream "app" .* has no server 127.0.0.1:1/],
    ['canary-server', { canaryServer: '127.0.0.1:1' }, /^canary-server: upstream "app" .* has no server 127.0.0.1:1/],
    [
      'nginx-test-command',
      { testCommand: ['nginx', '-t', '-c', '/nonexistent.conf'] },
      /^nginx-test-command: nginx -t -c \/nonexistent.conf failed/,
    ],
  ])('check() names %s when it is wrong', async (_input, change, message) => {
    await expect(new NginxRouter({ ...settingsOf(world.nginx), ...change }).check()).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(message),
    });
  });

  it.each([
    ['upstream', { upstream: 'app; }' }],
    ['stable-server', { stableServer: '127.0.0.1:1; include /etc/passwd' }],
    ['canary-server', { canaryServer: '127.0.0.1:1}' }],
  ])('refuses a %s that would inject nginx directives', (input, change) => {
    expect(() => new NginxRouter({ ...settingsOf(world.nginx), ...change })).toThrow(new RegExp(`^${input}: `));
  });

  it('reads back a file written by hand, servers without weight counting 1', async () => {
    const router = new NginxRouter(settingsOf(world.nginx));
    const { stableServer, canaryServer } = world.nginx;
    await writeFile(
      world.nginx.upstreamFile,
      `upstream app {\n  server ${stableServer};\n  server ${canaryServer} max_fails=3 weight=3;\n}\n`,
    );
    expect(await router.weight()).toBe(75);
  });
});
