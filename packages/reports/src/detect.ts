import { FileError } from '@ccm/toolkit/errors';
import type { ReportFormat, XmlRoot } from './format';
import type { ReportKind } from './model';
import { FORMATS, KIND_LABELS } from './registry';
import { looksLikeJson, looksLikeXml, type ReportHead, readHead, readJson, STREAM_JSON_BYTES } from './source';
import { readXmlRoot } from './xml';

export interface Detected<K extends ReportKind> {
  format: ReportFormat<K>;
  head: ReportHead;
  json?: unknown;
}

export interface DetectOptions {
  /** JSON reports over this size are detected by their head when a format can stream them (tests lower it). */
  streamJsonBytes?: number;
}

/**
 * Finds the format of a report from its content. A report of another kind, or of no format we
 * know, is an error that names the file, what it looks like, and the formats this kind accepts.
 */
export async function detectFormat<K extends ReportKind>(
  file: string,
  kind: K,
  options: DetectOptions = {},
): Promise<Detected<K>> {
  const head = await readHead(file);
  let json: unknown;
  // A big JSON report is not read whole when a format that streams knows it by its head.
  let byHead = false;
  let xmlRoot: XmlRoot | undefined;
  let shape: string;
  if (looksLikeJsonLines(head.text)) {
    // Not one document (go test -json): text formats read it line by line.
    shape = 'JSON lines';
  } else if (looksLikeJson(head.text)) {
    byHead = head.size > (options.streamJsonBytes ?? STREAM_JSON_BYTES) && matchesHead(head.text);
    if (!byHead) json = await readJson(file, head.size);
    shape = 'JSON';
  } else if (looksLikeXml(head.text)) {
    xmlRoot = readXmlRoot(head.text);
    if (!xmlRoot) throw new FileError({ file, line: 1 }, 'malformed XML: no root element in the first bytes');
    shape = `XML with root <${xmlRoot.name}>`;
  } else {
    shape = 'text';
  }
  const matches = (format: ReportFormat) =>
    byHead
      ? (format.matchJsonHead?.(head.text) ?? false)
      : json !== undefined
        ? (format.matchJson?.(json) ?? false)
        : xmlRoot
          ? (format.matchXmlRoot?.(xmlRoot) ?? false)
          : (format.matchText?.(head.text) ?? false);

  const format = (FORMATS[kind] as readonly ReportFormat<K>[]).find(matches);
  if (format) return json === undefined ? { format, head } : { format, head, json };

  for (const other of Object.keys(FORMATS) as ReportKind[]) {
    const elsewhere = FORMATS[other].find(matches);
    if (elsewhere) {
      throw new FileError(
        { file },
        `this is a ${elsewhere.label} report (${KIND_LABELS[other]}), not a ${KIND_LABELS[kind]} report`,
      );
    }
  }
  const accepted = FORMATS[kind].map((f) => f.label).join(', ');
  throw new FileError({ file }, `${shape} of no ${KIND_LABELS[kind]} format we read (accepted: ${accepted})`);
}

function matchesHead(text: string): boolean {
  return Object.values(FORMATS).some((formats: readonly ReportFormat[]) =>
    formats.some((f) => f.matchJsonHead?.(text)),
  );
}

/**
 * A JSON-lines stream (go test -json): the first line is a whole JSON object with an `Action` key and
 * more follows it. Such a file cannot parse as one document, so it is routed as text without reading
 * it whole first.
 */
function looksLikeJsonLines(text: string): boolean {
  const start = text.trimStart();
  const end = start.indexOf('\n');
  if (!start.startsWith('{') || end === -1 || start.slice(end).trim() === '') return false;
  try {
    const first: unknown = JSON.parse(start.slice(0, end));
    return typeof first === 'object' && first !== null && 'Action' in first;
  } catch {
    return false;
  }
}
