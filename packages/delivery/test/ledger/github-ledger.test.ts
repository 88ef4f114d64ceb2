import { afterAll, describe, expect, it } from 'vitest';
import { type FakePermissions, fakeDeploymentsApi } from '../../../../test/support/fake-deployments-api';
import { systemClock } from '../../src/clock';
import {
  GitHubAccessError,
  type GitHubLedgerOptions,
  githubLedger,
  LedgerBusyError,
  listReleases,
  openLedger,
} from '../../src/ledger';
import { ledgerContract } from './ledger-contract';

const TOKEN = 'ghs_fakeTokenThatMustNeverBeShown';
const SHA = '1111111111111111111111111111111111111111';
type Api = Awaited<ReturnType<typeof fakeDeploymentsApi>>;
const servers: Api[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

/** A fresh local REST double and a GitHub ledger talking to it through the real Octokit client. */
async function world(permissions: Partial<FakePermissions> = {}, options: Partial<GitHubLedgerOptions> = {}) {
  const api = await fakeDeploymentsApi({ permissions });
  servers.push(api);
  const open = (more: Partial<GitHubLedgerOptions> = {}) =>
    githubLedger({
      token: TOKEN,
      repository: { owner: 'acme', repo: 'shop' },
      apiUrl: api.url,
      defaultRef: SHA,
      lockPollMs: 10,
      ...options,
      ...more,
    });
  return { api, ledger: open(), open };
}

/** A deployment ccm recorded earlier, with its statuses (oldest first), straight into the double. */
function seedRelease(api: Api, environment: string, version: string, states: string[]): number {
  return api.seedDeployment({ ref: SHA, environment, states, payload: { ccm: { version } } });
}

ledgerContract('github', async () => (await world()).ledger);

describe('github ledger', () => {
  it('records a deployment of the commit with ccm fields in its payload, never waiting on or merging anything', async () => {
    const { api, ledger } = await world();
    const commit = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
    await ledger.record({
      environment: 'production',
      version: 'v3',
      outcome: 'in_progress',
      commit,
      digest: `sha256:${'b'.repeat(64)}`,
      runId: '77',
      source: 'canary-deploy',
    });
    await ledger.record({ environment: 'production', version: 'v4', outcome: 'success' });
    const creates = api.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/shop/deployments');
    expect(creates.map((r) => r.body)).toEqual([
      expect.objectContaining({
        ref: commit,
        environment: 'production',
        task: 'deploy',
        auto_merge: false,
        required_contexts: [],
        payload: {
          ccm: { version: 'v3', digest: `sha256:${'b'.repeat(64)}`, commit, runId: '77', source: 'canary-deploy' },
        },
      }),
      expect.objectContaining({ ref: SHA, payload: { ccm: { version: 'v4' } } }),
    ]);
    expect(creates.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('never lets GitHub mark earlier good releases inactive', async () => {
    const { api, ledger } = await world();
    const v1 = await ledger.record({ environment: 'production', version: 'v1', outcome: 'success' });
    const v2 = await ledger.record({ environment: 'production', version: 'v2', outcome: 'in_progress' });
    await ledger.setOutcome(v2.id, 'success');
    const statusPosts = api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/statuses'));
    expect(statusPosts).toHaveLength(3);
    expect(statusPosts.every((r) => r.body.auto_inactive === false)).toBe(true);
    // The double applies GitHub's default: had auto_inactive been left out, v1 would carry an inactive status.
    expect(api.statuses.get(Number(v1.id))?.map((s) => s.state)).toEqual(['success']);
  });

  it('reads an outcome from the newest status that is not inactive', async () => {
    const { api, ledger } = await world();
    const seed = (version: string, states: string[]) => seedRelease(api, 'production', version, states);
    seed('retired', ['in_progress', 'success', 'inactive']);
    seed('errored', ['in_progress', 'error']);
    seed('queued', ['queued']);
    seed('pending', ['pending']);
    seed('untouched', []);
    seed('only-inactive', ['inactive']);
    const outcomes = (await listReleases(ledger, 'production')).map((r) => [r.version, r.outcome]);
    expect(outcomes).toEqual([
      ['only-inactive', 'in_progress'],
      ['untouched', 'in_progress'],
      ['pending', 'in_progress'],
      ['queued', 'in_progress'],
      ['errored', 'failure'],
      ['retired', 'success'],
    ]);
  });

  it('reads a deployment another tool made as a release named by its ref', async () => {
    const { api, ledger } = await world();
    const id = api.seedDeployment({ ref: 'v1.4.2', environment: 'production', states: ['success'] });
    api.seedDeployment({
      ref: 'main',
      environment: 'production',
      states: ['failure'],
      payload: '{"deploy":"migrate"}',
    });
    const [newest, foreign] = await listReleases(ledger, 'production');
    expect(newest).toMatchObject({ version: 'main', outcome: 'failure' });
    expect(foreign).toMatchObject({ id: String(id), environment: 'production', version: 'v1.4.2', outcome: 'success' });
    expect(foreign?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(foreign).not.toHaveProperty('digest');
    expect(Date.parse(foreign?.createdAt ?? '')).not.toBeNaN();
    expect(Date.parse(foreign?.updatedAt ?? '')).toBeGreaterThan(Date.parse(foreign?.createdAt ?? ''));
  });

  it('refuses a ccm payload it cannot trust, naming the deployment', async () => {
    const { api, ledger } = await world();
    const id = api.seedDeployment({
      ref: SHA,
      environment: 'production',
      states: ['success'],
      payload: { ccm: { version: 'v1', digest: 'md5:abc' } },
    });
    await expect(listReleases(ledger, 'production')).rejects.toThrow(
      new RegExp(`deployment ${id}'s payload.ccm.digest is not sha256`),
    );
  });

  it('cuts a status description to the 140 characters GitHub allows, with an ellipsis', async () => {
    const { ledger } = await world();
    const long = `error rate ${'9'.repeat(200)}`;
    const release = await ledger.record({
      environment: 'production',
      version: 'v1',
      outcome: 'failure',
      description: long,
    });
    expect(release.description).toHaveLength(140);
    expect(release.description?.endsWith('…')).toBe(true);
    expect(long.startsWith(release.description?.slice(0, 139) ?? 'x')).toBe(true);
  });

  it('reads an environment of 250 deployments across pages of 100, newest first', async () => {
    const { api, ledger } = await world();
    for (let i = 0; i < 250; i++) seedRelease(api, 'production', `v${i}`, ['success']);
    seedRelease(api, 'staging', 'other', ['success']);
    const releases = await listReleases(ledger, 'production');
    expect(releases).toHaveLength(250);
    expect(releases.map((r) => r.version)).toEqual(Array.from({ length: 250 }, (_, i) => `v${249 - i}`));
    const lists = api.requests.filter((r) => r.method === 'GET' && r.path === '/repos/acme/shop/deployments');
    expect(lists.map((r) => [r.query.environment, r.query.per_page, r.query.page ?? '1'])).toEqual([
      ['production', '100', '1'],
      ['production', '100', '2'],
      ['production', '100', '3'],
    ]);
  });

  it('reads only the first page, and one deployment status list per release, when the reader stops early', async () => {
    const { api, ledger } = await world();
    for (let i = 0; i < 250; i++) seedRelease(api, 'production', `v${i}`, [i === 247 ? 'success' : 'failure']);
    let good: string | undefined;
    for await (const release of ledger.history('production')) {
      if (release.outcome === 'success') {
        good = release.version;
        break;
      }
    }
    expect(good).toBe('v247');
    expect(api.requests.filter((r) => r.path === '/repos/acme/shop/deployments')).toHaveLength(1);
    expect(api.requests.filter((r) => r.path.endsWith('/statuses'))).toHaveLength(3);
  });

  it('breaks the lock of a job that crashed longer ago than the expiry, and leaves the new holder alone', async () => {
    const { api, ledger, open } = await world();
    const crashed = await ledger.lock('production', 'run 1 (crashed)', 1_000);
    const lockRef = [...api.refs.keys()].find((ref) => ref.startsWith('refs/ccm-locks/'));
    expect(lockRef).toMatch(/^refs\/ccm-locks\/[0-9a-f]{16}$/);
    // Sixteen minutes later, another job finds it: older than the 15-minute expiry.
    const later = open({ clock: { now: () => Date.now() + 16 * 60_000, sleep: systemClock.sleep } });
    const second = await later.lock('production', 'run 2', 0);
    // The crashed job's late release must not remove run 2's lock.
    await crashed.release();
    await expect(open().lock('production', 'run 3', 30)).rejects.toThrow(/held by run 2 since/);
    await second.release();
    expect(api.refs.has(lockRef as string)).toBe(false);
  });

  it('waits for a live lock, then fails naming its holder, the ref and the expiry', async () => {
    const { api, ledger, open } = await world();
    const held = await ledger.lock('production', 'run 1 (attempt 2)', 1_000);
    const error = await open()
      .lock('production', 'run 2', 100)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerBusyError);
    expect((error as Error).message).toMatch(
      /environment 'production' \(refs\/ccm-locks\/[0-9a-f]{16} in acme\/shop\) is held by run 1 \(attempt 2\) since \d{4}-\d\d-\d\dT.*waited 100 ms.*broken after 15 min/,
    );
    // It looked again while waiting, rather than giving up at once.
    const looks = api.requests.filter((r) => r.method === 'GET' && r.path.includes('/git/ref/ccm-locks/'));
    expect(looks.length).toBeGreaterThan(2);
    await held.release();
  });

  it('says which permission a 403 lacks, without the token', async () => {
    const denied = async (
      permissions: Partial<FakePermissions>,
      run: (w: Awaited<ReturnType<typeof world>>) => Promise<unknown>,
    ) => {
      const w = await world(permissions);
      const error = await run(w).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitHubAccessError);
      expect((error as Error).message).not.toContain(TOKEN);
      return (error as Error).message;
    };
    expect(
      await denied({ deployments: 'read' }, ({ ledger }) =>
        ledger.record({ environment: 'production', version: 'v1', outcome: 'success' }),
      ),
    ).toBe(
      "GitHub API POST /repos/acme/shop/deployments answered 403 (Resource not accessible by integration): the token lacks 'deployments: write'; add it to the job's permissions: block",
    );
    expect(await denied({ deployments: 'none' }, ({ ledger }) => listReleases(ledger, 'production'))).toMatch(
      /GET \/repos\/acme\/shop\/deployments\?environment=production answered 403 .*'deployments: read'/,
    );
    expect(await denied({ contents: 'read' }, ({ ledger }) => ledger.lock('production', 'run 1', 0))).toMatch(
      /POST \/repos\/acme\/shop\/git\/tags answered 403 .*'contents: write'/,
    );
  });

  it('names the call and the status of any other failure, and says when GitHub could not be reached', async () => {
    const { api, ledger } = await world();
    await ledger.record({ environment: 'production', version: 'v1', outcome: 'success' });
    api.failWith(502, 'Server Error', (r) => r.path.endsWith('/statuses') && r.method === 'GET');
    await expect(listReleases(ledger, 'production')).rejects.toThrow(
      /^GitHub API GET \/repos\/acme\/shop\/deployments\/\d+\/statuses answered 502 \(Server Error\)$/,
    );
    await api.close();
    await expect(listReleases(ledger, 'production')).rejects.toThrow(
      /^GitHub API GET \/repos\/acme\/shop\/deployments\?environment=production got no answer \(.+\)$/,
    );
  });

  it('opens github from the runner environment, and refuses outside Actions or without a token', async () => {
    const { api } = await world();
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: SHA,
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '99',
    };
    const ledger = openLedger('github', '/srv/app', 'ledger', { token: TOKEN, env });
    expect(ledger.name).toBe('github');
    await ledger.record({ environment: 'production', version: 'v1', outcome: 'success' });
    const [create, status] = api.requests;
    expect(create?.body.ref).toBe(SHA);
    expect(status?.body.log_url).toBe('https://github.example/acme/shop/actions/runs/99');
    expect(() => openLedger('github', '/srv/app', 'ledger', { token: TOKEN, env: {} })).toThrow(
      /^ledger: 'github' .*only inside GitHub Actions.*use file:PATH/,
    );
    expect(() => openLedger('github', '/srv/app', 'ledger', { env })).toThrow(
      /^ledger: 'github' needs a token .*deployments: write and contents: write/,
    );
  });
});
