import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@ccm/toolkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ArtifactService, startArtifactService } from '../../../../test/support/artifact-service';

// The real @actions/artifact client against the Twirp double and a real Azurite. The client reads its
// variables from process.env (GITHUB_API_URL once, at import): set them first, load it, restore after.
type Promote = typeof import('../../src/promote');
let service: ArtifactService;
let promote: Promote;
let restoreEnv: () => void;
let work: string;

beforeAll(async () => {
  service = await startArtifactService();
  restoreEnv = setEnv(service.env);
  promote = await import('../../src/promote');
});
afterAll(async () => {
  restoreEnv?.();
  await service?.stop();
});
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'ccm-promote-gh-'));
});
afterEach(async () => {
  setEnv(service.env);
  await rm(work, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A build output that is itself a zip (local file header first): it must come back as these bytes, not extracted. */
function zipLikeBuild(size: number): Buffer {
  return Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(size - 4)]);
}

async function artifact(name: string, bytes: Buffer | string): Promise<string> {
  const file = join(work, name);
  await writeFile(file, bytes);
  return file;
}

const rpcCalls = (rpc: string) => service.requests.filter((r) => r.rpc === rpc).length;

describe('promotion through GitHub artifacts (@actions/artifact against the v2 service double)', () => {
  it('round-trips by digest, byte for byte, as one raw artifact named by the digest', async () => {
    const store = new promote.GitHubArtifactStore();
    const bytes = zipLikeBuild(3 * 1024 * 1024 + 17);
    const promoted = await promote.promoteArtifact(await artifact('app.zip', bytes), store);
    expect(promoted).toEqual({ digest: sha256(bytes), bytes: bytes.length, stored: true });

    const name = `ccm-promote-sha256-${promoted.digest.slice(7)}`;
    expect(service.artifacts().filter((a) => a.name === name)).toEqual([
      expect.objectContaining({ finalized: true, size: bytes.length, digest: promoted.digest }),
    ]);

    const destination = join(work, 'deploy', 'app.zip');
    expect(await promote.fetchArtifact(promoted.digest, destination, store)).toEqual({ bytes: bytes.length });
    expect((await readFile(destination)).equals(bytes)).toBe(true);
    expect(await readdir(join(work, 'deploy'))).toEqual(['app.zip']);
  });

  it('stores a digest once: a second promotion finds it and uploads nothing', async () => {
    const store = new promote.GitHubArtifactStore();
    const bytes = randomBytes(1000);
    const first = await promote.promoteArtifact(await artifact('a.bin', bytes), store);
    const creates = rpcCalls('CreateArtifact');
    const again = await promote.promoteArtifact(await artifact('b.bin', bytes), store);
    expect(first.stored).toBe(true);
    expect(again).toEqual({ ...first, stored: false });
    expect(rpcCalls('CreateArtifact')).toBe(creates);
    expect(service.artifacts().filter((a) => a.digest === first.digest)).toHaveLength(1);
  });

  it('treats a digest another job is uploading right now as stored (409 from CreateArtifact)', async () => {
    const bytes = randomBytes(500);
    const digest = sha256(bytes);
    // Another job of this run has created the artifact and not finalized it yet: it is not listed.
    const created = await fetch(
      new URL('/twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact', service.env.ACTIONS_RESULTS_URL),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${service.env.ACTIONS_RUNTIME_TOKEN}` },
        body: JSON.stringify({
          workflow_run_backend_id: service.runBackendId,
          workflow_job_run_backend_id: 'other-job',
          name: `ccm-promote-sha256-${digest.slice(7)}`,
          version: 7,
        }),
      },
    );
    expect(created.status).toBe(200);
    const creates = rpcCalls('CreateArtifact');
    const promoted = await promote.promoteArtifact(await artifact('app.bin', bytes), new promote.GitHubArtifactStore());
    expect(promoted).toEqual({ digest, bytes: 500, stored: false });
    expect(rpcCalls('CreateArtifact')).toBe(creates + 1);
  });

  it('removes an upload whose bytes do not have the digest it was stored under (file changed meanwhile)', async () => {
    const file = await artifact('changing.bin', 'after');
    await expect(new promote.GitHubArtifactStore().put(file, sha256('before'))).rejects.toThrow(
      `${file}: changed while it was being promoted: expected ${sha256('before')}, uploaded bytes hash to ${sha256('after')}`,
    );
    expect(service.artifacts().map((a) => a.name)).not.toContain(`ccm-promote-sha256-${sha256('before').slice(7)}`);
    expect(rpcCalls('DeleteArtifact')).toBe(1);
  });

  it('rejects an artifact whose stored bytes were changed, and leaves the destination untouched', async () => {
    const store = new promote.GitHubArtifactStore();
    const { digest } = await promote.promoteArtifact(await artifact('app.bin', 'the build'), store);
    await service.overwrite(service.runBackendId, `ccm-promote-sha256-${digest.slice(7)}`, Buffer.from('patched!!'));

    const destination = await artifact('app-in-prod.bin', 'previous release');
    const failure = await promote.fetchArtifact(digest, destination, store).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(promote.DigestMismatchError);
    expect(failure).toMatchObject({ expected: digest, actual: sha256('patched!!') });
    expect((failure as Error).message).toContain('artifact from github (artifacts of this run) does not match');
    expect(await readFile(destination, 'utf8')).toBe('previous release');
    expect(await readdir(work)).toEqual(['app-in-prod.bin', 'app.bin']);
  });

  it('says so when no artifact has the digest', async () => {
    const digest = sha256('never promoted');
    const destination = join(work, 'out', 'app.bin');
    await expect(promote.fetchArtifact(digest, destination, new promote.GitHubArtifactStore())).rejects.toThrow(
      `no artifact with digest ${digest} in github (artifacts of this run)`,
    );
    expect(await readdir(join(work, 'out'))).toEqual([]);
  });

  it('rejects bad digest text before asking the service', async () => {
    const before = service.requests.length;
    const failure = promote.fetchArtifact('sha256:ABC', join(work, 'x'), new promote.GitHubArtifactStore());
    await expect(failure).rejects.toThrow(InputError);
    expect(service.requests.length).toBe(before);
  });

  it('fetches from the run that promoted it when a later run names that run (findBy)', async () => {
    const bytes = randomBytes(50_000);
    const { digest } = await promote.promoteArtifact(
      await artifact('app.bin', bytes),
      new promote.GitHubArtifactStore(),
    );

    setEnv(service.createRun().env);
    const destination = join(work, 'later.bin');
    // The later run's own artifacts do not have it: artifacts belong to a run.
    await expect(promote.fetchArtifact(digest, destination, new promote.GitHubArtifactStore())).rejects.toThrow(
      promote.UnknownDigestError,
    );
    const store = new promote.GitHubArtifactStore({
      token: service.apiToken,
      runId: service.runId,
      repository: service.repository,
    });
    expect(store.description).toBe(`github (run ${service.runId} of ${service.repository})`);
    expect(await promote.fetchArtifact(digest, destination, store)).toEqual({ bytes: bytes.length });
    expect((await readFile(destination)).equals(bytes)).toBe(true);
    expect(service.requests.map((r) => r.rpc)).toContain(
      `GET /repos/${service.repository}/actions/runs/${service.runId}/artifacts`,
    );
  });

  it('needs token, run id and repository together to read another run', () => {
    expect(() => new promote.GitHubArtifactStore({ token: 't', runId: 1 })).toThrow(
      'needs all three of token, run id and repository',
    );
    expect(() => new promote.GitHubArtifactStore({ token: 't', runId: 1, repository: 'no-slash' })).toThrow(
      "repository: expected owner/name, got 'no-slash'",
    );
  });
});

/** Sets variables and returns a function that puts back what was there before. */
function setEnv(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
