import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKubernetes } from '../../../../test/support/delivery/fake-kubernetes';
import { freePort } from '../../../../test/support/delivery/process';
import { GatewayApiRouter } from '../../src/routers/gateway-api';
import { routerContract } from '../contract/router-contract';

// No Kubernetes cluster runs here: the router talks through @kubernetes/client-node to a local
// server that follows the API's documented request and response shapes for HTTPRoute get and patch
// (test/support/delivery/fake-kubernetes.ts). What it proves is the client side; the data plane
// (a Gateway splitting real traffic) is not tested, and the contract says so.

const TOKEN = 'test-token';

/** A kubeconfig (JSON is YAML) pointing at the fake API server with a bearer token. */
async function kubeconfig(dir: string, server: string, token = TOKEN) {
  const file = join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
  await writeFile(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      // client-node speaks plain http only with insecure-skip-tls-verify set (its own rule).
      clusters: [{ name: 'test', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'test', user: { token } }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test' } }],
      'current-context': 'test',
    }),
  );
  return file;
}

async function gatewayWorld() {
  const api = await fakeKubernetes({ token: TOKEN });
  const dir = await mkdtemp(join(tmpdir(), 'ccm-gateway-'));
  api.addRoute('shop', 'web', [
    {
      backendRefs: [
        { name: 'web-stable', port: 80, weight: 100 },
        { name: 'web-canary', port: 80, weight: 0 },
      ],
    },
    { backendRefs: [{ name: 'static', port: 80 }] },
  ]);
  const settings = {
    kind: 'gateway-api' as const,
    route: 'web',
    namespace: 'shop',
    stableBackend: 'web-stable',
    canaryBackend: 'web-canary',
    kubeconfig: await kubeconfig(dir, api.url),
  };
  const stop = async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { api, dir, settings, stop };
}

routerContract(
  'gateway-api',
  async () => {
    const world = await gatewayWorld();
    return { router: new GatewayApiRouter(world.settings), stop: world.stop };
  },
  { noDataPlane: 'no Kubernetes cluster or Gateway runs here; the API calls are tested against its documented shapes' },
);

describe('GatewayApiRouter against the documented HTTPRoute API', () => {
  let world: Awaited<ReturnType<typeof gatewayWorld>>;
  beforeAll(async () => {
    world = await gatewayWorld();
  });
  afterAll(() => world?.stop());

  it('patches only the two backendRefs, as one JSON Patch that tests the resourceVersion first', async () => {
    const router = new GatewayApiRouter(world.settings);
    await router.setWeight(10);
    const route = world.api.routes.get('shop/web') as { spec: { rules: { backendRefs: object[] }[] } };
    expect(route.spec.rules).toEqual([
      {
        backendRefs: [
          { name: 'web-stable', port: 80, weight: 90 },
          { name: 'web-canary', port: 80, weight: 10 },
        ],
      },
      { backendRefs: [{ name: 'static', port: 80 }] },
    ]);
    const patches = world.api.requests.filter((r) => r.method === 'PATCH');
    expect(patches.at(-1)?.contentType).toBe('application/json-patch+json');
  });

  it('reads again and retries when someone else changed the route in between', async () => {
    const router = new GatewayApiRouter(world.settings);
    world.api.changeAfterNextRead('shop', 'web');
    const before = world.api.requests.length;
    await router.setWeight(20);
    expect(await router.weight()).toBe(20);
    const patches = world.api.requests.slice(before).filter((r) => r.method === 'PATCH');
    expect(patches.length, 'the first patch failed its test op, the second applied').toBe(2);
  });

  it.each([
    ['http-route', { route: 'nope' }, /^http-route: HTTPRoute shop\/nope not found/],
    ['stable-backend', { stableBackend: 'nope' }, /^stable-backend: shop\/web has no backendRef named "nope"/],
    [
      'canary-backend',
      { canaryBackend: 'static' },
      /^http-route: no rule of shop\/web lists both web-stable and static/,
    ],
  ])('check() names %s when it is wrong', async (_input, change, message) => {
    await expect(new GatewayApiRouter({ ...world.settings, ...change }).check()).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(message),
    });
  });

  it('check() names the kubeconfig when the token is refused or the server does not answer', async () => {
    const refused = await kubeconfig(world.dir, world.api.url, 'wrong');
    await expect(new GatewayApiRouter({ ...world.settings, kubeconfig: refused }).check()).rejects.toThrow(
      /^kubeconfig: the API server refused access to shop\/web \(HTTP 401\)/,
    );
    const gone = await kubeconfig(world.dir, `http://127.0.0.1:${await freePort()}`);
    await expect(new GatewayApiRouter({ ...world.settings, kubeconfig: gone }).check()).rejects.toThrow(
      /^gateway-api: cannot reach the API server/,
    );
    expect(() => new GatewayApiRouter({ ...world.settings, kubeconfig: join(world.dir, 'missing') })).toThrow(
      /^kubeconfig: cannot load/,
    );
  });
});
