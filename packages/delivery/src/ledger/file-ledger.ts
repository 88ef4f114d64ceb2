import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FileError, lineAndColumn } from '@ccm/toolkit/errors';
import Ajv from 'ajv';
import { acquireFileLock } from './file-lock';
import { type NewRelease, RELEASE_OUTCOMES, type Release, type ReleaseLedger, type ReleaseOutcome } from './ledger';
import { environmentKey, withoutUndefined } from './store-helpers';

/** How long a writer waits for another writer's few milliseconds under the file's lock. */
const WRITE_LOCK_WAIT_MS = 30_000;

interface LedgerFile {
  version: 1;
  releases: Release[];
}

const releaseSchema = {
  type: 'object',
  required: ['id', 'environment', 'version', 'outcome', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string', pattern: '^[0-9]+$' },
    environment: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
    commit: { type: 'string' },
    outcome: { enum: [...RELEASE_OUTCOMES] },
    runId: { type: 'string' },
    source: { type: 'string' },
    replaces: { type: 'string' },
    description: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const fileSchema = {
  type: 'object',
  required: ['version', 'releases'],
  properties: { version: { const: 1 }, releases: { type: 'array', items: releaseSchema } },
};
let validate: ReturnType<Ajv['compile']> | undefined;

/**
 * The ledger as one JSON file (`ledger: file:PATH`), for the CLI and other CIs. Every change is a
 * read-modify-write under the file's lock, written to a temporary file and renamed over the old one,
 * so readers never see half a file and concurrent writers never lose each other's releases.
 */
export function fileLedger(path: string): ReleaseLedger {
  const file = resolve(path);
  const mutate = async <T>(change: (ledger: LedgerFile) => T): Promise<T> => {
    await mkdir(dirname(file), { recursive: true });
    const lock = await acquireFileLock(`${file}.lock`, `ccm pid ${process.pid}`, WRITE_LOCK_WAIT_MS);
    try {
      const ledger = await readLedger(file);
      const result = change(ledger);
      await writeAtomically(file, `${JSON.stringify(ledger, null, 2)}\n`);
      return result;
    } finally {
      await lock.release();
    }
  };

  return {
    name: `file:${path}`,
    record: (release: NewRelease) =>
      mutate((ledger) => {
        const now = new Date().toISOString();
        const id = String(ledger.releases.reduce((max, r) => Math.max(max, Number(r.id)), 0) + 1);
        const recorded: Release = { ...withoutUndefined(release), id, createdAt: now, updatedAt: now };
        ledger.releases.push(recorded);
        return recorded;
      }),
    setOutcome: (id: string, outcome: ReleaseOutcome, description?: string) =>
      mutate((ledger) => {
        const release = ledger.releases.find((r) => r.id === id);
        if (!release) throw new FileError({ file }, `no release with id ${id}`);
        release.outcome = outcome;
        if (description !== undefined) release.description = description;
        release.updatedAt = new Date().toISOString();
        return { ...release };
      }),
    async *history(environment: string) {
      const releases = (await readLedger(file)).releases.filter((r) => r.environment === environment);
      yield* releases.sort((a, b) => Number(b.id) - Number(a.id));
    },
    lock: (environment: string, holder: string, waitMs: number) =>
      acquireFileLock(`${file}.${environmentKey(environment)}.rollback.lock`, holder, waitMs),
  };
}

async function readLedger(file: string): Promise<LedgerFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, releases: [] };
    throw new FileError({ file }, `cannot read the release ledger: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    throw new FileError(
      at ? { file, ...lineAndColumn(text, Number(at[1])) } : { file },
      `not a release ledger: invalid JSON (${(error as Error).message})`,
    );
  }
  validate ??= new Ajv({ strict: false, allErrors: false, validateFormats: false }).compile(fileSchema);
  if (!validate(value)) {
    const issue = validate.errors?.[0];
    throw new FileError(
      { file },
      `not a release ledger: ${issue?.instancePath || '/'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return value as LedgerFile;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
