import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Azurite, azuriteContainer, startAzurite } from './azurite';
import {
  type CacheScopeClaim,
  createRuntimeToken,
  readTwirpCall,
  sendJson,
  sendTwirpError,
  serveOnLoopback,
  twirpCode,
} from './twirp';

const SERVICE = 'github.actions.results.api.v1.CacheService';
const RPCS = ['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL'] as const;
type Rpc = (typeof RPCS)[number];

export interface CacheServiceEntry {
  key: string;
  version: string;
  scope: string;
  blobName: string;
  finalized: boolean;
  sizeBytes?: number;
  createdAt: number;
}

export interface CacheService {
  /**
   * Variables that point the real @actions/cache client at this service: ACTIONS_RESULTS_URL,
   * ACTIONS_RUNTIME_TOKEN, ACTIONS_CACHE_SERVICE_V2 and GITHUB_SERVER_URL=https://github.com
   * (a localhost server URL would make the client treat it as GHES and use the v1 REST API).
   */
  env: Record<string, string>;
  /** The same variables for another job of the repository: saving to `scope`, restoring from it then `readScopes`. */
  envFor(scope: string, readScopes?: string[]): Record<string, string>;
  entries(): CacheServiceEntry[];
  /** Make the next `count` (default 1) calls of an RPC fail with `status` and a Twirp error body. */
  failNext(rpc: Rpc, status: number, count?: number): void;
  /** Requests seen, in order: the RPC name and the parsed JSON body. */
  requests: { rpc: string; body: unknown }[];
  stop(): Promise<void>;
}

export interface CacheServiceOptions {
  /** A shared Azurite; without one the service starts its own and stops it too. */
  azurite?: Azurite;
  /** The ref that saves belong to and that restores search first. Default `refs/heads/main`. */
  scope?: string;
  /** Further refs restores may read from, searched in this order after `scope` (as a PR reads its base branch). */
  readScopes?: string[];
}

/**
 * The GitHub Actions cache service (v2, Twirp) on loopback, storing archives in a real Azurite:
 * the three RPCs @actions/cache calls, with the scoping, immutable keys and lookup order of the
 * real service. Blob transfers go from the client straight to Azurite through SAS URLs.
 */
export async function startCacheService(options: CacheServiceOptions = {}): Promise<CacheService> {
  const azurite = options.azurite ?? (await startAzurite());
  const ownsAzurite = options.azurite === undefined;
  try {
    return await serve(azurite, options, ownsAzurite);
  } catch (error) {
    if (ownsAzurite) await azurite.stop();
    throw error;
  }
}

async function serve(azurite: Azurite, options: CacheServiceOptions, ownsAzurite: boolean): Promise<CacheService> {
  const secret = randomBytes(32).toString('hex');
  const blobs = await azuriteContainer(azurite, `cache-${randomBytes(6).toString('hex')}`);
  const table = new EntryTable();
  const failures = new Map<string, { status: number; count: number }>();
  const requests: { rpc: string; body: unknown }[] = [];

  const handlers: Record<Rpc, (body: Record<string, unknown>, scopes: CacheScopeClaim[]) => Answer> = {
    CreateCacheEntry: (body, tokenScopes) => {
      const scope = tokenScopes.find((s) => s.Permission & 2)?.Scope;
      if (!scope) return twirpError(403, 'cache write denied: the token has no writable cache scope');
      const key = text(body.key);
      const version = text(body.version);
      if (!key || !version) return twirpError(400, 'key and version are required');
      // Keys are immutable: GitHub answers a second reservation with 409 and this message.
      if (table.find(scope, key, version))
        return twirpError(409, 'cache entry with the same key, version, and scope already exists');
      const entry = table.add({ key, version, scope, finalized: false, createdAt: Date.now() });
      return ok({ ok: true, signed_upload_url: blobs.signedUrl(entry.blobName, 'cw') });
    },
    FinalizeCacheEntryUpload: (body, tokenScopes) => {
      const scope = tokenScopes.find((s) => s.Permission & 2)?.Scope;
      if (!scope) return twirpError(403, 'cache write denied: the token has no writable cache scope');
      const entry = table.find(scope, text(body.key), text(body.version));
      if (!entry || entry.finalized) return twirpError(404, 'no cache entry reserved for this key and version');
      entry.finalized = true;
      entry.sizeBytes = Number(body.size_bytes ?? 0);
      return ok({ ok: true, entry_id: String(entry.id) });
    },
    GetCacheEntryDownloadURL: (body, tokenScopes) => {
      const readable = tokenScopes.filter((s) => s.Permission & 1).map((s) => s.Scope);
      const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(text) : [];
      const entry = table.lookup(readable, text(body.key), restoreKeys, text(body.version));
      if (!entry) return ok({ ok: false });
      return ok({ ok: true, signed_download_url: blobs.signedUrl(entry.blobName, 'r'), matched_key: entry.key });
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const call = await readTwirpCall(request, response, { service: SERVICE, methods: RPCS, secret, requests });
    if (!call) return;
    const { rpc, body, claims } = call;
    const failure = failures.get(rpc);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      return sendTwirpError(response, failure.status, `injected failure of ${rpc}`);
    }
    const answer = handlers[rpc](isObject(body) ? body : {}, JSON.parse(claims.ac) as CacheScopeClaim[]);
    sendJson(response, answer.status, answer.payload);
  }

  const server = await serveOnLoopback(handle);
  // The service reads the scopes from the token it is sent, as GitHub's does: one token per job.
  const envFor = (scope: string, readScopes: string[] = []) => ({
    ACTIONS_RESULTS_URL: `${server.origin}/`,
    ACTIONS_RUNTIME_TOKEN: createRuntimeToken(secret, { cacheScopes: scopeClaims(scope, readScopes) }),
    ACTIONS_CACHE_SERVICE_V2: 'True',
    GITHUB_SERVER_URL: 'https://github.com',
  });
  return {
    env: envFor(options.scope ?? 'refs/heads/main', options.readScopes),
    envFor,
    entries: () => table.all().map(({ id: _id, ...entry }) => ({ ...entry })),
    failNext(rpc, status, count = 1) {
      failures.set(rpc, { status, count });
    },
    requests,
    async stop() {
      await server.close();
      if (ownsAzurite) await azurite.stop();
    },
  };
}

/** The token's `ac` claim: the job's own ref readable and writable, the others only readable. */
function scopeClaims(scope: string, readScopes: string[]): CacheScopeClaim[] {
  return [
    { Scope: scope, Permission: 3 },
    ...readScopes.filter((s) => s !== scope).map((Scope) => ({ Scope, Permission: 1 })),
  ];
}

interface Answer {
  status: number;
  payload: unknown;
}

const ok = (payload: unknown): Answer => ({ status: 200, payload });

/** A Twirp error as a value (same body as sendTwirpError), so the handlers stay synchronous. */
function twirpError(status: number, msg: string): Answer {
  return { status, payload: { code: twirpCode(status), msg } };
}

type StoredEntry = CacheServiceEntry & { id: number };

/** Entries in creation order; the id doubles as the recency order, since two saves can share a millisecond. */
class EntryTable {
  private readonly rows: StoredEntry[] = [];
  private nextId = 1;

  add(entry: Omit<CacheServiceEntry, 'blobName'>): StoredEntry {
    const id = this.nextId++;
    const row = { ...entry, id, blobName: `${id}/cache.tzst` };
    this.rows.push(row);
    return row;
  }

  find(scope: string, key: string, version: string): StoredEntry | undefined {
    return this.rows.find((e) => e.scope === scope && e.key === key && e.version === version);
  }

  /**
   * GitHub's lookup order: scope by scope (the current ref, then the ones it may read), and within a
   * scope the exact key, then each restore key as a prefix, newest entry first. Only finalized
   * entries of the same version match.
   */
  lookup(scopes: string[], key: string, restoreKeys: string[], version: string): StoredEntry | undefined {
    for (const scope of scopes) {
      const candidates = this.rows
        .filter((e) => e.scope === scope && e.version === version && e.finalized)
        .sort((a, b) => b.id - a.id);
      const exact = candidates.find((e) => e.key === key);
      if (exact) return exact;
      for (const prefix of restoreKeys) {
        const partial = candidates.find((e) => e.key.startsWith(prefix));
        if (partial) return partial;
      }
    }
    return undefined;
  }

  all(): StoredEntry[] {
    return [...this.rows];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
