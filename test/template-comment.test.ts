import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commentMarker } from '../packages/gate/src/comment';

/**
 * The github-script of workflows-templates/quality-gate-comment.yml, run as actions/github-script runs
 * it (an async function of github, context, core, require) against an in-memory GitHub, with the
 * artifact a fork's run uploaded. Everything in the artifact is the attacker's.
 */
const template = fileURLToPath(new URL('../workflows-templates/quality-gate-comment.yml', import.meta.url));
const step = (
  parse(fs.readFileSync(template, 'utf8')) as {
    jobs: { comment: { steps: { uses?: string; env?: Record<string, string>; with?: { script?: string } }[] } };
  }
).jobs.comment.steps.find((s) => s.uses?.startsWith('actions/github-script@')) as {
  env: Record<string, string>;
  with: { script: string };
};

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

const BOT = { login: 'github-actions[bot]', type: 'Bot' };
const REPO = { owner: 'octo', repo: 'app' };
const HEAD_SHA = 'a'.repeat(40);

interface World {
  comments: Map<number, Comment[]>;
  pulls: { number: number; head: { sha: string; label: string } }[];
  run: Record<string, unknown>;
  artifact: Record<string, string>;
}

function world(overrides: Partial<World> = {}): World {
  return {
    comments: new Map([[7, []]]),
    // The fork's pull request #7, and an unrelated #8 from the same fork.
    pulls: [
      { number: 7, head: { sha: HEAD_SHA, label: 'mallory:feature' } },
      { number: 8, head: { sha: 'b'.repeat(40), label: 'mallory:other' } },
    ],
    run: {
      id: 99,
      head_sha: HEAD_SHA,
      head_branch: 'feature',
      head_repository: { owner: { login: 'mallory' } },
      pull_requests: [],
    },
    artifact: artifactFor(7),
    ...overrides,
  };
}

const marker = commentMarker('quality-gate');

function artifactFor(pullRequest: unknown, body = `${marker}\n## ✅ quality-gate passed\n`, meta?: object) {
  return {
    'quality-gate-comment.md': body,
    'quality-gate-comment.md.json': JSON.stringify(meta ?? { pullRequest, marker }),
  };
}

/** Runs the script; returns the comments afterwards, or the error it threw. */
async function runScript(w: World): Promise<{ comments: Map<number, Comment[]>; error?: Error }> {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-comment-template-'));
  mkdirSync(join(dir, 'comment'));
  for (const [name, text] of Object.entries(w.artifact)) writeFileSync(join(dir, 'comment', name), text);
  // The script's relative paths are the job's working directory.
  const at = (path: string) => (isAbsolute(path) ? path : join(dir, path));
  const fakeFs = {
    existsSync: (path: string) => fs.existsSync(at(path)),
    readFileSync: (path: string, encoding: BufferEncoding) => fs.readFileSync(at(path), encoding),
    readdirSync: (path: string) => fs.readdirSync(at(path)),
  };
  let nextId = 500;
  const github = {
    paginate: async (
      method: (args: Record<string, unknown>) => Promise<{ data: unknown[] }>,
      args: Record<string, unknown>,
    ) => (await method(args)).data,
    rest: {
      pulls: {
        get: async ({ pull_number }: { pull_number: number }) => {
          const pull = w.pulls.find((p) => p.number === pull_number);
          if (!pull) throw new Error('Not Found');
          return { data: pull };
        },
        list: async ({ head, state }: { head: string; state: string }) => {
          expect(state).toBe('open');
          return { data: w.pulls.filter((p) => p.head.label === head) };
        },
      },
      issues: {
        listComments: async ({ issue_number }: { issue_number: number }) => ({
          data: w.comments.get(issue_number) ?? [],
        }),
        createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => {
          w.comments.set(issue_number, [...(w.comments.get(issue_number) ?? []), { id: nextId++, body, user: BOT }]);
        },
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
          for (const thread of w.comments.values()) {
            const comment = thread.find((c) => c.id === comment_id);
            if (comment) comment.body = body;
          }
        },
      },
    },
  };
  const context = { repo: REPO, payload: { workflow_run: w.run, repository: { id: 1 } } };
  const require = (name: string) => {
    if (name !== 'fs') throw new Error(`the script asked for ${name}`);
    return fakeFs;
  };
  const process = { env: { ...step.env } };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  const script = new AsyncFunction('github', 'context', 'core', 'require', 'process', step.with.script);
  try {
    await script(github, context, { info: () => {} }, require, process);
    return { comments: w.comments };
  } catch (error) {
    return { comments: w.comments, error: error as Error };
  }
}

describe('quality-gate-comment.yml: what a fork artifact can make the trusted job do', () => {
  it('creates the comment on the pull request the run was for, then updates that one', async () => {
    const w = world();
    expect((await runScript(w)).error).toBeUndefined();
    w.artifact = artifactFor(7, `${marker}\n## ❌ quality-gate failed\n`);
    expect((await runScript(w)).error).toBeUndefined();
    expect(w.comments.get(7)).toEqual([{ id: 500, body: `${marker}\n## ❌ quality-gate failed\n`, user: BOT }]);
  });

  it('takes a same-repository run from the event pull_requests', async () => {
    const w = world({
      run: { ...world().run, pull_requests: [{ number: 7, base: { repo: { id: 1 } } }] },
      pulls: [],
    });
    expect((await runScript(w)).error).toBeUndefined();
    expect(w.comments.get(7)).toHaveLength(1);
  });

  it('an empty marker in the artifact changes nothing: the marker is computed by the job', async () => {
    const w = world({ artifact: artifactFor(7, `${marker}\nverdict`, { pullRequest: 7, marker: '' }) });
    w.comments.set(7, [{ id: 1, body: 'a reviewer wrote this', user: BOT }]);
    await runScript(w);
    expect(w.comments.get(7)?.[0]).toEqual({ id: 1, body: 'a reviewer wrote this', user: BOT });
  });

  it('never updates a comment by anyone else, even one that holds the marker', async () => {
    const w = world();
    const mine = { login: 'alice', type: 'User' };
    const other = { login: 'other-app[bot]', type: 'Bot' };
    w.comments.set(7, [
      { id: 1, body: `${marker}\nquoted by a person`, user: mine },
      { id: 2, body: `${marker}\nanother bot`, user: other },
    ]);
    expect((await runScript(w)).error).toBeUndefined();
    expect(w.comments.get(7)?.slice(0, 2)).toEqual([
      { id: 1, body: `${marker}\nquoted by a person`, user: mine },
      { id: 2, body: `${marker}\nanother bot`, user: other },
    ]);
    expect(w.comments.get(7)).toHaveLength(3);
  });

  it('refuses an artifact naming another pull request, whatever the number', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer().filter((n) => n !== 7),
          fc.string(),
          fc.constant(null),
          fc.constant('7'),
          fc.constant(7.5),
          fc.array(fc.integer(), { maxLength: 2 }),
        ),
        async (pullRequest) => {
          const w = world({ artifact: artifactFor(pullRequest) });
          w.comments.set(8, [{ id: 3, body: `${marker}\nverdict of 8`, user: BOT }]);
          const { error } = await runScript(w);
          expect(error).toBeInstanceOf(Error);
          expect(w.comments.get(7)).toEqual([]);
          expect(w.comments.get(8)).toEqual([{ id: 3, body: `${marker}\nverdict of 8`, user: BOT }]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a body that is not this gate’s comment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (body) => {
        fc.pre(!body.startsWith(`${marker}\n`));
        const w = world({ artifact: artifactFor(7, body) });
        const { error } = await runScript(w);
        expect(error?.message).toMatch(/is not the quality-gate comment/);
        expect(w.comments.get(7)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('posts nothing when the run matches no open pull request, or two', async () => {
    const none = world({ pulls: [{ number: 7, head: { sha: 'c'.repeat(40), label: 'mallory:feature' } }] });
    expect((await runScript(none)).error?.message).toMatch(/expected one pull request for a+, found 0/);
    const two = world({
      pulls: [
        { number: 7, head: { sha: HEAD_SHA, label: 'mallory:feature' } },
        { number: 9, head: { sha: HEAD_SHA, label: 'mallory:feature' } },
      ],
    });
    expect((await runScript(two)).error?.message).toMatch(/found 2/);
    expect([...none.comments.values(), ...two.comments.values()].flat()).toEqual([]);
  });

  it('ignores event pull requests of another repository', async () => {
    const w = world({ run: { ...world().run, pull_requests: [{ number: 8, base: { repo: { id: 2 } } }] } });
    expect((await runScript(w)).error).toBeUndefined();
    expect(w.comments.get(7)).toHaveLength(1);
    expect(w.comments.get(8)).toBeUndefined();
  });
});
