import { copyFile, mkdtemp, readdir, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type ArtifactClient, DefaultArtifactClient, type FindOptions } from '@actions/artifact';
import { ConfigurationError, FileError } from '@ccm/toolkit/errors';
import type { ArtifactStore } from './artifact-store';
import { digestHex } from './digest';

export interface GitHubArtifactStoreOptions {
  /** A token with actions:read on repository, to find artifacts of another workflow run. */
  token?: string;
  /** The workflow run that promoted the artifact (`github.run_id` there). */
  runId?: number;
  /** `owner/name` of that run's repository. */
  repository?: string;
}

/** The artifact name for a digest: names are unique per run, which makes a second upload a no-op. */
export function artifactName(digest: string): string {
  return `ccm-promote-sha256-${digestHex(digest)}`;
}

/**
 * Artifacts of the workflow run through the real @actions/artifact client: one artifact per digest
 * holding the one file, uploaded raw (skipArchive) so the stored bytes are the file's bytes, and
 * downloaded without decompression. With token, runId and repository, get() reads another run's
 * artifacts through the REST API (findBy); put() always writes to the current run.
 */
export class GitHubArtifactStore implements ArtifactStore {
  readonly description: string;
  private readonly client: ArtifactClient = new DefaultArtifactClient();
  private readonly find: FindOptions;

  constructor(options: GitHubArtifactStoreOptions = {}) {
    this.find = findOptions(options);
    this.description = this.find.findBy
      ? `github (run ${options.runId} of ${options.repository})`
      : 'github (artifacts of this run)';
  }

  async put(file: string, digest: string): Promise<boolean> {
    const name = artifactName(digest);
    if ((await this.lookup(name, {})) !== undefined) return false;
    // skipArchive names the artifact after the file: stage a link under the artifact's name.
    const staging = await mkdtemp(join(tmpdir(), 'ccm-promote-'));
    try {
      const staged = join(staging, name);
      await stage(resolve(file), staged);
      let uploaded: { digest?: string };
      try {
        uploaded = await this.client.uploadArtifact(name, [staged], staging, { skipArchive: true });
      } catch (error) {
        // 409: a concurrent job created this name first; it is storing the same bytes.
        if (error instanceof Error && error.message.includes('(409)')) return false;
        throw error;
      }
      if (uploaded.digest !== undefined && `sha256:${uploaded.digest}` !== digest) {
        // The file changed between hashing and uploading: never leave wrong bytes under this name.
        await this.client.deleteArtifact(name).catch(() => undefined);
        throw new FileError(
          { file },
          `changed while it was being promoted: expected ${digest}, uploaded bytes hash to sha256:${uploaded.digest}`,
        );
      }
      return true;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async get(digest: string, destination: string): Promise<boolean> {
    const artifact = await this.lookup(artifactName(digest), this.find);
    if (artifact === undefined) return false;
    // A folder beside destination: the client writes a file named by the server into it.
    const download = await mkdtemp(join(dirname(destination), '.ccm-artifact-'));
    try {
      await this.client.downloadArtifact(artifact.id, { ...this.find, path: download, skipDecompress: true });
      const files = await readdir(download);
      if (files.length !== 1) {
        throw new Error(`artifact ${artifact.name} (id ${artifact.id}) held ${files.length} files, expected 1`);
      }
      await rename(join(download, files[0]!), destination);
      return true;
    } finally {
      await rm(download, { recursive: true, force: true });
    }
  }

  private async lookup(name: string, find: FindOptions): Promise<{ id: number; name: string } | undefined> {
    try {
      return (await this.client.getArtifact(name, find)).artifact;
    } catch (error) {
      if (error instanceof Error && error.name === 'ArtifactNotFoundError') return undefined;
      throw error;
    }
  }
}

/** A symlink costs nothing (the client follows it); Windows without the privilege gets a copy. */
async function stage(file: string, staged: string): Promise<void> {
  try {
    await symlink(file, staged);
  } catch {
    await copyFile(file, staged);
  }
}

function findOptions({ token, runId, repository }: GitHubArtifactStoreOptions): FindOptions {
  const given = [token, runId, repository].filter((value) => value !== undefined && value !== '').length;
  if (given === 0) return {};
  if (given !== 3) {
    throw new ConfigurationError('finding an artifact of another run needs all three of token, run id and repository');
  }
  const [owner, repo, ...rest] = repository!.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new ConfigurationError(`repository: expected owner/name, got '${repository}'`);
  }
  return { findBy: { token: token!, workflowRunId: runId!, repositoryOwner: owner, repositoryName: repo } };
}
