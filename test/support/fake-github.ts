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

/** Who a GITHUB_TOKEN writes as. */
export const ACTIONS_BOT: CommentAuthor = { login: 'github-actions[bot]', type: 'Bot' };

/**
 * The three issue-comment endpoints of the GitHub REST API the gate uses, and `GET /user`, in memory
 * on loopback, so the real @actions/github client in the bundle talks HTTP to something that answers
 * like GitHub. The token writes as `identity`: an installation token (a Bot, the default) gets 403
 * from `GET /user`, as GitHub answers it; a personal token (a User) gets its login.
 */
export async function fakeGitHub(options: { readOnly?: boolean; identity?: CommentAuthor } = {}) {
  const identity = options.identity ?? ACTIONS_BOT;
  const comments = new Map<number, Comment[]>();
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
    if (options.readOnly && request.method !== 'GET')
      return send(403, { message: 'Resource not accessible by integration' });
    if (url.pathname === '/user' && request.method === 'GET') {
      return identity.type === 'User'
        ? send(200, identity)
        : send(403, { message: 'Resource not accessible by integration' });
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
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
