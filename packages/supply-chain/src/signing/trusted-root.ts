import { readFile } from 'node:fs/promises';
import { ConfigurationError, FileError } from '@ccm/toolkit/errors';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import publicGoodRoot from './trusted-root/trusted_root.json';

/** Where the default came from, for logs and error messages. */
export const PUBLIC_GOOD_TRUSTED_ROOT = 'Sigstore public-good trusted_root.json (shipped with ccm)';

const MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v\d+\.\d+)?\+json/;

/**
 * The trust anchors (Fulcio CAs, Rekor and CT log keys, TSAs) a bundle is checked against.
 * Default: the public-good root shipped with us, so verification never needs the network.
 */
export async function loadTrustedRoot(file?: string): Promise<TrustedRoot> {
  if (file === undefined || file === '') return parseTrustedRoot(publicGoodRoot, PUBLIC_GOOD_TRUSTED_ROOT);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `trusted-root: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FileError({ file }, `not JSON: ${(error as Error).message}`);
  }
  return parseTrustedRoot(json, file);
}

export function parseTrustedRoot(json: unknown, file: string): TrustedRoot {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FileError({ file }, 'not a Sigstore trusted root: expected a JSON object');
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !MEDIA_TYPE.test(mediaType)) {
    throw new FileError(
      { file },
      `not a Sigstore trusted root: mediaType is ${JSON.stringify(mediaType)}, expected application/vnd.dev.sigstore.trustedroot+json`,
    );
  }
  try {
    return TrustedRoot.fromJSON(json);
  } catch (error) {
    throw new FileError({ file }, `invalid trusted root: ${(error as Error).message}`);
  }
}
