import { readFile } from 'node:fs/promises';
import { FileError } from '@ccm/toolkit/errors';
import { type Bundle, bundleFromJSON, type SerializedBundle, ValidationError } from '@sigstore/bundle';

const MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
];

export interface ParsedBundle {
  file: string;
  json: SerializedBundle;
  bundle: Bundle;
}

export async function readBundleFile(file: string): Promise<ParsedBundle> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FileError({ file }, `cannot read bundle: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return parseBundle(text, file);
}

/** A Sigstore bundle (v0.1 to v0.3) from its JSON text; every error names the file. */
export function parseBundle(text: string, file: string): ParsedBundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FileError(
      jsonErrorLocation(text, file, error),
      `not a Sigstore bundle: invalid JSON (${(error as Error).message})`,
    );
  }
  return parseBundleJSON(json, file);
}

export function parseBundleJSON(json: unknown, file: string): ParsedBundle {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FileError({ file }, 'not a Sigstore bundle: expected a JSON object');
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !MEDIA_TYPES.includes(mediaType)) {
    throw new FileError(
      { file },
      `not a Sigstore bundle: mediaType ${JSON.stringify(mediaType)} is not one of ${MEDIA_TYPES.join(', ')}`,
    );
  }
  try {
    return { file, json: json as SerializedBundle, bundle: bundleFromJSON(json) };
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new FileError({ file }, `invalid Sigstore bundle: missing or invalid ${error.fields.join(', ')}`);
    }
    throw new FileError({ file }, `invalid Sigstore bundle: ${(error as Error).message}`);
  }
}

// V8 says "... at position N" (Node 20) or "(line L column C)" (Node 22+): turn either into a line.
function jsonErrorLocation(
  text: string,
  file: string,
  error: unknown,
): { file: string; line?: number; column?: number } {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { file, line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (!position) return { file };
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return { file, line, column: before.length - before.lastIndexOf('\n') };
}
