import { afterAll, describe, expect, it } from 'vitest';
import { fakeDeploymentsApi } from './fake-deployments-api';

// The double's own wire shapes, checked with plain fetch (the ledger's tests use it through Octokit).

const api = await fakeDeploymentsApi();
afterAll(() => api.close());
const SHA = 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff';
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${api.url}/repos/acme/shop${path}`, {
    method,
    headers: { authorization: 'token t', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('fake GitHub deployments API', () => {
  it('pages a list with Link headers the way GitHub does', async () => {
    for (let i = 0; i < 250; i++) api.seedDeployment({ ref: SHA, environment: 'paged' });
    const first = await call('GET', '/deployments?environment=paged&per_page=100');
    expect(((await first.json()) as unknown[]).length).toBe(100);
    const base = `${api.url}/repos/acme/shop/deployments?environment=paged&per_page=100`;
    expect(first.headers.get('link')).toBe(`<${base}&page=2>; rel="next", <${base}&page=3>; rel="last"`);
    const second = await call('GET', '/deployments?environment=paged&per_page=100&page=2');
    expect(second.headers.get('link')).toBe(
      `<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`,
    );
    const last = await call('GET', '/deployments?environment=paged&per_page=100&page=3');
    expect(((await last.json()) as unknown[]).length).toBe(50);
    expect(last.headers.get('link')).not.toContain('rel="next"');
    // GitHub's default page is 30, and it never sends more than 100.
    expect(((await (await call('GET', '/deployments?environment=paged')).json()) as unknown[]).length).toBe(30);
    expect(
      ((await (await call('GET', '/deployments?environment=paged&per_page=500')).json()) as unknown[]).length,
    ).toBe(100);
  });

  it('lists statuses newest first, and refuses a description over 140 characters', async () => {
    const id = api.seedDeployment({ ref: SHA, environment: 'statuses', states: ['in_progress', 'success'] });
    const list = (await (await call('GET', `/deployments/${id}/statuses`)).json()) as { state: string }[];
    expect(list.map((s) => s.state)).toEqual(['success', 'in_progress']);
    const long = await call('POST', `/deployments/${id}/statuses`, { state: 'failure', description: 'x'.repeat(141) });
    expect(long.status).toBe(422);
  });

  it('creates a ref once (422 "Reference already exists" after), reads it and deletes it', async () => {
    const tag = await call('POST', '/git/tags', { tag: 'lock', message: 'm', object: SHA, type: 'commit' });
    expect(tag.status).toBe(201);
    const { sha } = (await tag.json()) as { sha: string };
    const create = () => call('POST', '/git/refs', { ref: 'refs/ccm-locks/abc', sha });
    expect((await create()).status).toBe(201);
    const again = await create();
    expect(again.status).toBe(422);
    expect(await again.json()).toEqual({ message: 'Reference already exists' });
    const ref = (await (await call('GET', '/git/ref/ccm-locks%2Fabc')).json()) as {
      object: { type: string; sha: string };
    };
    expect(ref.object).toMatchObject({ type: 'tag', sha });
    expect((await call('DELETE', '/git/refs/ccm-locks%2Fabc')).status).toBe(204);
    expect((await call('GET', '/git/ref/ccm-locks%2Fabc')).status).toBe(404);
    expect((await call('DELETE', '/git/refs/ccm-locks%2Fabc')).status).toBe(422);
  });

  it('answers 401 without a token and 403 without the permission', async () => {
    expect((await fetch(`${api.url}/repos/acme/shop/deployments`)).status).toBe(401);
    const readOnly = await fakeDeploymentsApi({ permissions: { deployments: 'read' } });
    try {
      const denied = await fetch(`${readOnly.url}/repos/acme/shop/deployments`, {
        method: 'POST',
        headers: { authorization: 'token t' },
        body: JSON.stringify({ ref: SHA }),
      });
      expect(denied.status).toBe(403);
      expect(await denied.json()).toMatchObject({ message: 'Resource not accessible by integration' });
    } finally {
      await readOnly.close();
    }
  });
});
