import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIONS_BOT, fakeGitHub } from '../../../test/support/fake-github';
import { githubCommentStore, runnerContext } from '../src/github';

/** A pull_request event payload as GitHub writes it to GITHUB_EVENT_PATH (only the fields we read). */
function eventFile(payload: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ccm-event-')), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

function pullRequest(head: unknown, baseRepo: string | undefined = 'octo/app') {
  return {
    pull_request: {
      number: 42,
      base: { ref: 'main', ...(baseRepo ? { repo: { full_name: baseRepo } } : {}) },
      head: { repo: head },
    },
  };
}

const RUNNER = {
  GITHUB_WORKSPACE: '/home/runner/work/app/app',
  RUNNER_TEMP: '/home/runner/work/_temp',
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '123456',
};

describe('runnerContext', () => {
  it('reads the workspace, temp dir, repository and run URL from the runner environment', () => {
    expect(runnerContext({ ...RUNNER, GITHUB_EVENT_NAME: 'push' })).toEqual({
      workspace: '/home/runner/work/app/app',
      tempDir: '/home/runner/work/_temp',
      repository: { owner: 'octo', repo: 'app' },
      runUrl: 'https://github.com/octo/app/actions/runs/123456',
    });
  });

  it('falls back to the current folder and the OS temp dir outside a runner, with no repository or run', () => {
    expect(runnerContext({})).toEqual({ workspace: process.cwd(), tempDir: tmpdir() });
    expect(runnerContext({ GITHUB_REPOSITORY: 'no-slash', GITHUB_WORKSPACE: '' })).toEqual({
      workspace: process.cwd(),
      tempDir: tmpdir(),
    });
  });

  it('has no run URL when any of server, repository or run id is missing', () => {
    expect(runnerContext({ ...RUNNER, GITHUB_RUN_ID: '' }).runUrl).toBeUndefined();
    expect(runnerContext({ ...RUNNER, GITHUB_SERVER_URL: undefined }).runUrl).toBeUndefined();
  });

  it('takes a pull request from the same repository as not from a fork', () => {
    const env = {
      ...RUNNER,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(pullRequest({ full_name: 'octo/app' })),
    };
    expect(runnerContext(env).pullRequest).toEqual({ number: 42, baseRef: 'main', fromFork: false });
  });

  it('marks a pull request from another repository as from a fork (pull_request_target too)', () => {
    for (const name of ['pull_request', 'pull_request_target']) {
      const env = {
        ...RUNNER,
        GITHUB_EVENT_NAME: name,
        GITHUB_EVENT_PATH: eventFile(pullRequest({ full_name: 'someone/app' })),
      };
      expect(runnerContext(env).pullRequest).toEqual({ number: 42, baseRef: 'main', fromFork: true });
    }
  });

  it('treats a deleted fork (no head repository) as a fork', () => {
    for (const head of [null, undefined, {}]) {
      const env = { ...RUNNER, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventFile(pullRequest(head)) };
      expect(runnerContext(env).pullRequest?.fromFork).toBe(true);
    }
  });

  it('compares the head with GITHUB_REPOSITORY when the payload has no base repository', () => {
    const same = eventFile(pullRequest({ full_name: 'octo/app' }, undefined));
    const other = eventFile(pullRequest({ full_name: 'someone/app' }, undefined));
    const env = { ...RUNNER, GITHUB_EVENT_NAME: 'pull_request' };
    expect(runnerContext({ ...env, GITHUB_EVENT_PATH: same }).pullRequest?.fromFork).toBe(false);
    expect(runnerContext({ ...env, GITHUB_EVENT_PATH: other }).pullRequest?.fromFork).toBe(true);
  });

  it('has no pull request for other events, or when the event file is missing or unreadable', () => {
    const payload = eventFile(pullRequest({ full_name: 'octo/app' }));
    expect(
      runnerContext({ ...RUNNER, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: payload }).pullRequest,
    ).toBeUndefined();
    const notJson = join(mkdtempSync(join(tmpdir(), 'ccm-event-')), 'event.json');
    writeFileSync(notJson, '{ truncated');
    for (const path of [undefined, '/nonexistent/event.json', notJson, eventFile({ action: 'opened' })]) {
      const env = { ...RUNNER, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path };
      expect(runnerContext(env).pullRequest).toBeUndefined();
    }
  });
});

describe('githubCommentStore', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('creates, finds by marker and updates a pull request comment over the REST API', async () => {
    const github = await fakeGitHub();
    closers.push(github.close);
    const store = githubCommentStore('ghs_token', { owner: 'octo', repo: 'app' }, 7, github.url);
    expect(await store.find('<!-- ccm:quality-gate -->')).toBeUndefined();
    await store.create('first\n<!-- ccm:other -->');
    await store.create('verdict\n<!-- ccm:quality-gate -->');
    const id = await store.find('<!-- ccm:quality-gate -->');
    expect(id).toBe(101);
    await store.update(id as number, 'new verdict\n<!-- ccm:quality-gate -->');
    expect(github.comments.get(7)?.map((c) => c.body)).toEqual([
      'first\n<!-- ccm:other -->',
      'new verdict\n<!-- ccm:quality-gate -->',
    ]);
    expect(github.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'GET /user',
      'GET /repos/octo/app/issues/7/comments',
      'POST /repos/octo/app/issues/7/comments',
      'POST /repos/octo/app/issues/7/comments',
      'GET /user',
      'GET /repos/octo/app/issues/7/comments',
      'PATCH /repos/octo/app/issues/comments/101',
    ]);
    expect(new Set(github.requests.map((r) => r.authorization))).toEqual(new Set(['token ghs_token']));
  });

  it.each([
    ['a person quoting the marker', { login: 'mallory', type: 'User' as const }],
    ['another bot', { login: 'other-app[bot]', type: 'Bot' as const }],
  ])("never takes someone else's comment for its own: %s", async (_name, author) => {
    // A bot's comment against a personal token; a person's against the workflow's token.
    const github = await fakeGitHub(author.type === 'Bot' ? { identity: { login: 'me', type: 'User' } } : {});
    closers.push(github.close);
    github.comments.set(7, [{ id: 1, body: '<!-- ccm:quality-gate -->\nnot yours', user: author }]);
    const store = githubCommentStore('t', { owner: 'octo', repo: 'app' }, 7, github.url);
    expect(await store.find('<!-- ccm:quality-gate -->')).toBeUndefined();
  });

  it("finds its own: the workflow token's bot comment, or a personal token's login", async () => {
    const marker = '<!-- ccm:quality-gate -->';
    const bot = await fakeGitHub();
    closers.push(bot.close);
    bot.comments.set(7, [
      { id: 1, body: `${marker} by a person`, user: { login: 'alice', type: 'User' } },
      { id: 2, body: `${marker} ours`, user: ACTIONS_BOT },
    ]);
    expect(await githubCommentStore('t', { owner: 'octo', repo: 'app' }, 7, bot.url).find(marker)).toBe(2);
    const person = await fakeGitHub({ identity: { login: 'release-bot-user', type: 'User' } });
    closers.push(person.close);
    person.comments.set(7, [
      { id: 1, body: `${marker} a bot's`, user: ACTIONS_BOT },
      { id: 3, body: `${marker} ours`, user: { login: 'release-bot-user', type: 'User' } },
    ]);
    expect(await githubCommentStore('t', { owner: 'octo', repo: 'app' }, 7, person.url).find(marker)).toBe(3);
  });

  it('takes the API URL from GITHUB_API_URL by default', async () => {
    const github = await fakeGitHub();
    closers.push(github.close);
    const saved = process.env.GITHUB_API_URL;
    process.env.GITHUB_API_URL = github.url;
    try {
      await githubCommentStore('t', { owner: 'octo', repo: 'app' }, 3).create('hello');
    } finally {
      if (saved === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = saved;
    }
    expect(github.comments.get(3)).toEqual([{ id: 100, body: 'hello', user: ACTIONS_BOT }]);
  });

  it('looks for the marker on every page of comments', async () => {
    const pages: string[] = [];
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/user') {
        response.writeHead(403, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Resource not accessible by integration' }));
        return;
      }
      const page = Number(url.searchParams.get('page') ?? '1');
      pages.push(`${url.pathname}?per_page=${url.searchParams.get('per_page')}&page=${page}`);
      const comments =
        page === 1
          ? Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: `comment ${i + 1}`, user: ACTIONS_BOT }))
          : [{ id: 500, body: 'verdict <!-- ccm:gate -->', user: ACTIONS_BOT }];
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (page === 1) {
        const { port } = server.address() as AddressInfo;
        headers.link = `<http://127.0.0.1:${port}${url.pathname}?per_page=100&page=2>; rel="next"`;
      }
      response.writeHead(200, headers);
      response.end(JSON.stringify(comments));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const store = githubCommentStore('t', { owner: 'octo', repo: 'app' }, 9, `http://127.0.0.1:${port}`);
    expect(await store.find('<!-- ccm:gate -->')).toBe(500);
    expect(pages).toEqual([
      '/repos/octo/app/issues/9/comments?per_page=100&page=1',
      '/repos/octo/app/issues/9/comments?per_page=100&page=2',
    ]);
  });

  it("rejects when the token may not write (a fork's read-only token)", async () => {
    const github = await fakeGitHub({ readOnly: true });
    closers.push(github.close);
    const store = githubCommentStore('t', { owner: 'octo', repo: 'app' }, 7, github.url);
    await expect(store.create('body')).rejects.toThrow(/Resource not accessible by integration/);
  });
});
