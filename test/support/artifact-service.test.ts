import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArtifactRun, type ArtifactService, startArtifactService } from './artifact-service';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
let service: ArtifactService;

beforeAll(async () => {
  service = await startArtifactService();
});
afterAll(async () => {
  await service?.stop();
});

async function rpc(method: string, body: unknown, token = service.env.ACTIONS_RUNTIME_TOKEN) {
  const response = await fetch(new URL(`/twirp/${SERVICE}/${method}`, service.env.ACTIONS_RESULTS_URL), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const ids = (run: ArtifactRun = service) => ({
  workflow_run_backend_id: run.runBackendId,
  workflow_job_run_backend_id: 'job',
});

/** CreateArtifact, a PUT of the bytes to the signed URL (as a block blob), then FinalizeArtifact. */
async function upload(name: string, bytes: string): Promise<string> {
  const created = await rpc('CreateArtifact', { ...ids(), name, version: 7, mime_type: 'application/octet-stream' });
  expect(created.body).toMatchObject({ ok: true });
  const put = await fetch(String(created.body.signed_upload_url), {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(put.status).toBe(201);
  const finalized = await rpc('FinalizeArtifact', { ...ids(), name, size: String(bytes.length), hash: 'sha256:x' });
  expect(finalized.body).toMatchObject({ ok: true });
  return String(finalized.body.artifact_id);
}

describe('the artifact service double', () => {
  it('refuses calls without a valid token, or for a run the token is not scoped to', async () => {
    expect(await rpc('ListArtifacts', ids(), '')).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    const forged = `${service.env.ACTIONS_RUNTIME_TOKEN!.slice(0, -4)}AAAA`;
    expect((await rpc('ListArtifacts', ids(), forged)).status).toBe(401);
    const other = service.createRun();
    expect(await rpc('ListArtifacts', ids(other))).toMatchObject({ status: 403, body: { code: 'permission_denied' } });
    expect((await rpc('NoSuchMethod', ids())).status).toBe(404);
  });

  it('stores through signed URLs in Azurite, lists finalized artifacts by name or id, and signs reads', async () => {
    const id = await upload('report', 'hello');
    const byName = await rpc('ListArtifacts', { ...ids(), name_filter: 'report' });
    expect(byName.body.artifacts).toEqual([
      expect.objectContaining({ database_id: id, name: 'report', size: '5', digest: 'sha256:x' }),
    ]);
    expect((await rpc('ListArtifacts', { ...ids(), id_filter: id })).body.artifacts).toHaveLength(1);
    expect((await rpc('ListArtifacts', { ...ids(), name_filter: 'other' })).body.artifacts).toEqual([]);

    const signed = await rpc('GetSignedArtifactURL', { ...ids(), name: 'report' });
    const download = await fetch(String(signed.body.signed_url));
    expect(await download.text()).toBe('hello');
    // A read URL cannot write: Azurite checks the SAS permissions.
    const write = await fetch(String(signed.body.signed_url), {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'tampered',
    });
    expect(write.status).toBe(403);
  });

  it('keeps names unique per run, and runs apart', async () => {
    await upload('once', 'a');
    const again = await rpc('CreateArtifact', { ...ids(), name: 'once', version: 7 });
    expect(again).toMatchObject({ status: 409, body: { code: 'already_exists' } });

    const other = service.createRun();
    const list = await rpc('ListArtifacts', ids(other), other.env.ACTIONS_RUNTIME_TOKEN);
    expect(list.body.artifacts).toEqual([]);
  });

  it('does not list an artifact before it is finalized, and deletes one', async () => {
    await rpc('CreateArtifact', { ...ids(), name: 'pending', version: 7 });
    expect((await rpc('ListArtifacts', { ...ids(), name_filter: 'pending' })).body.artifacts).toEqual([]);
    expect((await rpc('GetSignedArtifactURL', { ...ids(), name: 'pending' })).status).toBe(404);

    await upload('doomed', 'x');
    expect((await rpc('DeleteArtifact', { ...ids(), name: 'doomed' })).body).toMatchObject({ ok: true });
    expect((await rpc('ListArtifacts', { ...ids(), name_filter: 'doomed' })).body.artifacts).toEqual([]);
  });

  it('answers the REST routes only with the API token, and redirects a download to the blob', async () => {
    const id = await upload('rest', 'over rest');
    const base = `${service.env.GITHUB_API_URL}/repos/${service.repository}/actions`;
    const auth = { authorization: `token ${service.apiToken}` };
    expect((await fetch(`${base}/runs/${service.runId}/artifacts`)).status).toBe(401);
    expect((await fetch(`${base}/runs/999999/artifacts`, { headers: auth })).status).toBe(404);

    const listed = await fetch(`${base}/runs/${service.runId}/artifacts?name=rest`, { headers: auth });
    expect(await listed.json()).toMatchObject({ total_count: 1, artifacts: [{ id: Number(id), name: 'rest' }] });

    const redirect = await fetch(`${base}/artifacts/${id}/zip`, { headers: auth, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(await (await fetch(redirect.headers.get('location')!)).text()).toBe('over rest');
  });

  it('overwrites stored bytes on request (a tampered store)', async () => {
    await upload('victim', 'original');
    await service.overwrite(service.runBackendId, 'victim', Buffer.from('changed'));
    const signed = await rpc('GetSignedArtifactURL', { ...ids(), name: 'victim' });
    expect(await (await fetch(String(signed.body.signed_url))).text()).toBe('changed');
    await expect(service.overwrite(service.runBackendId, 'absent', Buffer.from(''))).rejects.toThrow(
      'no finalized artifact absent',
    );
  });
});
