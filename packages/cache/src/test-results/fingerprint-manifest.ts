import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FileError } from '@ccm/toolkit/errors';

export const FINGERPRINT_SCHEMA = 'ccm-fingerprint/v1';

/** Everything a suite's result depends on, as hashes; `fingerprint` is the sha256 over the rest. */
export interface FingerprintManifest {
  schema: typeof FINGERPRINT_SCHEMA;
  suite: string;
  /** `sha256:<hex>` over every field below, canonically encoded (see fingerprintOf). */
  fingerprint: string;
  /** Posix path relative to the suite root -> sha256 hex of the content (inputs and lock files). */
  files: Record<string, string>;
  /**
   * Variable name -> HMAC-SHA256 hex of `name=value` keyed by the store's key (sha256 when there is
   * none; see envHashes). Values may be secrets: never stored; the name is hashed in so two
   * variables with one value do not show as equal. null when unset.
   */
  env: Record<string, string | null>;
  command: string | null;
  /** Tool versions the matched files run under, and `os` (`linux-x64`). */
  runtimes: Record<string, string>;
}

export type ManifestContent = Omit<FingerprintManifest, 'fingerprint'>;

/**
 * `sha256:<hex>` over the manifest's content as canonical JSON: keys sorted at every level, no spaces.
 * JSON.stringify escapes strings the same way on every platform, so the encoding is stable.
 */
export function fingerprintOf(content: ManifestContent): string {
  const { schema, suite, files, env, command, runtimes } = content;
  const canonical = canonicalJson({ schema, suite, files, env, command, runtimes });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** The manifest with its fingerprint, fields in a fixed order for people reading the JSON. */
export function sealManifest(content: ManifestContent): FingerprintManifest {
  const { schema, suite, files, env, command, runtimes } = content;
  return { schema, suite, fingerprint: fingerprintOf(content), files, env, command, runtimes };
}

/** Reads and validates a manifest JSON file; every error names the file and the field. */
export async function readFingerprintManifest(file: string): Promise<FingerprintManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FileError(
      { file },
      `cannot read the fingerprint manifest: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FileError({ file }, `not JSON: ${(error as Error).message}`);
  }
  return validateManifest(data, file);
}

const HEX = /^[0-9a-f]{64}$/;
const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;

export function validateManifest(data: unknown, file: string): FingerprintManifest {
  const fail = (reason: string): never => {
    throw new FileError({ file }, reason);
  };
  if (!isRecord(data)) return fail('not a fingerprint manifest: expected a JSON object');
  if (data.schema !== FINGERPRINT_SCHEMA)
    fail(`not a fingerprint manifest: schema is ${JSON.stringify(data.schema)}, expected "${FINGERPRINT_SCHEMA}"`);
  if (typeof data.suite !== 'string') fail('field suite: expected a string');
  if (typeof data.fingerprint !== 'string' || !FINGERPRINT.test(data.fingerprint))
    fail('field fingerprint: expected sha256:<64 lowercase hex digits>');
  if (data.command !== null && typeof data.command !== 'string') fail('field command: expected a string or null');
  checkRecord(data.files, 'files', (v) => typeof v === 'string' && HEX.test(v), 'a sha256 hex digest', fail);
  checkRecord(
    data.env,
    'env',
    (v) => v === null || (typeof v === 'string' && HEX.test(v)),
    'a sha256 hex digest or null',
    fail,
  );
  checkRecord(data.runtimes, 'runtimes', (v) => typeof v === 'string', 'a string', fail);
  const manifest = data as unknown as FingerprintManifest;
  const actual = fingerprintOf(manifest);
  if (actual !== manifest.fingerprint)
    fail(
      `field fingerprint: ${manifest.fingerprint} does not match the manifest's content (${actual}); was it edited?`,
    );
  return sealManifest(manifest);
}

function checkRecord(
  value: unknown,
  field: string,
  valid: (entry: unknown) => boolean,
  expected: string,
  fail: (reason: string) => never,
): void {
  if (!isRecord(value)) fail(`field ${field}: expected an object`);
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!valid(entry)) fail(`field ${field}.${key}: expected ${expected}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
