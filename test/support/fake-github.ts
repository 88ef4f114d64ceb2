import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body';

export interface CommentAuthor {
  login: string;
  type: 'Bot' | 'User';
}

interface Comment {
  id: number;
  body: string;
  user?: CommentAuthor;
}

/** What POST /repos/{owner}/{repo}/pulls was asked, as its documented body fields. */
export interface PullRequestRecord {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
}

/** Who a GITHUB_TOKEN writes as. */
export const ACTIONS_BOT: CommentAuthor = { login: 'github-actions[bot]', type: 'Bot' };

/**
 * The three issue-comment endpoints of the GitHub REST API the gate uses, `GET /user`, and the
 * create-pull-request endpoint rollback's revert-pr uses, in memory on loopback, so the real
 * @actions/github client in the bundle talks HTTP to something that answers like GitHub. The token
 * writes as `identity`: an installation token (a Bot, the default) gets 403 from `GET /user`, as
 * GitHub answers it; a personal token (a User) gets its login. A pull request answers 201 with its
 * documented fields, or 422 "Validation Failed" for a second one of the same head, or for a head
 * branch that `headExists` (when given) says was never pushed.
 */
export async function fakeGitHub(
  options: { readOnly?: boolean; identity?: CommentAuthor; headExists?: (branch: string) => boolean } = {},
) {
  const identity = options.identity ?? ACTIONS_BOT;
  const comments = new Map<number, Comment[]>();
  const pulls: PullRequestRecord[] = [];
  const requests: { method: string; url: string; authorization?: string }[] = [];
  let nextId = 100;
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    });
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    const url = new URL(request.url ?? '/', 'http://localhost');
    const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const pullsOf = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    if (options.readOnly && request.method !== 'GET')
      return send(403, { message: 'Resource not accessible by integration' });
    if (url.pathname === '/user' && request.method === 'GET') {
      return identity.type === 'User'
        ? send(200, identity)
        : send(403, { message: 'Resource not accessible by integration' });
    }
    if (pullsOf && request.method === 'POST') {
      const [, owner, repo] = pullsOf;
      const asked = JSON.parse(body) as Partial<Record<'title' | 'body' | 'head' | 'base', unknown>>;
      const field = (name: 'title' | 'body' | 'head' | 'base') => (typeof asked[name] === 'string' ? asked[name] : '');
      const invalid = (message: string) =>
        send(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', code: 'custom', message }],
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
        });
      if (!field('head') || !field('base')) return invalid('head and base are required');
      if (options.headExists && !options.headExists(field('head'))) return invalid(`head: ${field('head')} is invalid`);
      if (pulls.some((p) => p.head === field('head')))
        return invalid(`A pull request already exists for ${owner}:${field('head')}.`);
      const pull = {
        number: pulls.length + 1,
        title: field('title'),
        body: field('body'),
        head: field('head'),
        base: field('base'),
      };
      pulls.push(pull);
      return send(201, {
        id: 9000 + pull.number,
        number: pull.number,
        state: 'open',
        title: pull.title,
        body: pull.body,
        url: `http://127.0.0.1/repos/${owner}/${repo}/pulls/${pull.number}`,
        html_url: `https://github.com/${owner}/${repo}/pull/${pull.number}`,
        head: { ref: pull.head, label: `${owner}:${pull.head}` },
        base: { ref: pull.base, label: `${owner}:${pull.base}` },
      });
    }
    if (list && request.method === 'GET') return send(200, comments.get(Number(list[1])) ?? []);
    if (list && request.method === 'POST') {
      const comment = { id: nextId++, body: (JSON.parse(body) as { body: string }).body, user: identity };
      comments.set(Number(list[1]), [...(comments.get(Number(list[1])) ?? []), comment]);
      return send(201, comment);
    }
    if (one && request.method === 'PATCH') {
      for (const thread of comments.values()) {
        const comment = thread.find((c) => c.id === Number(one[1]));
        if (comment) {
          comment.body = (JSON.parse(body) as { body: string }).body;
          return send(200, comment);
        }
      }
    }
    send(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    comments,
    pulls,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
