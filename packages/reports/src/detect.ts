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

/** What the content looks like, and what detection matches formats on. */
interface Shape {
  /** How the content is named when no format matches (`XML with root <coverage>`). */
  label: string;
  /** The format is matched on the match function this picks (`matchJson` on the parsed document...). */
  matches: (format: ReportFormat) => boolean;
  /** The parsed document, for a JSON report read whole. */
  json?: unknown;
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
  const shape = await shapeOf(file, head, options);
  const format = (FORMATS[kind] as readonly ReportFormat<K>[]).find(shape.matches);
  if (format) return shape.json === undefined ? { format, head } : { format, head, json: shape.json };
  refuseOtherKind(file, kind, shape);
  const accepted = FORMATS[kind].map((f) => f.label).join(', ');
  throw new FileError({ file }, `${shape.label} of no ${KIND_LABELS[kind]} format we read (accepted: ${accepted})`);
}

async function shapeOf(file: string, head: ReportHead, options: DetectOptions): Promise<Shape> {
  // Not one document (go test -json): text formats read it line by line.
  if (looksLikeJsonLines(head.text)) return { label: 'JSON lines', matches: byText(head) };
  if (looksLikeJson(head.text)) return jsonShape(file, head, options);
  if (looksLikeXml(head.text)) return xmlShape(file, head);
  return { label: 'text', matches: byText(head) };
}

/** A big JSON report is not read whole when a format that streams knows it by its head. */
async function jsonShape(file: string, head: ReportHead, options: DetectOptions): Promise<Shape> {
  const byHead = head.size > (options.streamJsonBytes ?? STREAM_JSON_BYTES) && matchesHead(head.text);
  if (byHead) return { label: 'JSON', matches: (format) => format.matchJsonHead?.(head.text) ?? false };
  const json = await readJson(file, head.size);
  return { label: 'JSON', json, matches: (format) => format.matchJson?.(json) ?? false };
}

function xmlShape(file: string, head: ReportHead): Shape {
  const root = readXmlRoot(head.text);
  if (!root) throw new FileError({ file, line: 1 }, 'malformed XML: no root element in the first bytes');
  return { label: `XML with root <${root.name}>`, matches: byXmlRoot(root) };
}

function byXmlRoot(root: XmlRoot): Shape['matches'] {
  return (format) => format.matchXmlRoot?.(root) ?? false;
}

function byText(head: ReportHead): Shape['matches'] {
  return (format) => format.matchText?.(head.text) ?? false;
}

/** A report some other kind's format knows: say what it is rather than "no format". */
function refuseOtherKind(file: string, kind: ReportKind, shape: Shape): void {
  for (const other of Object.keys(FORMATS) as ReportKind[]) {
    const elsewhere = FORMATS[other].find(shape.matches);
    if (elsewhere) {
      throw new FileError(
        { file },
        `this is a ${elsewhere.label} report (${KIND_LABELS[other]}), not a ${KIND_LABELS[kind]} report`,
      );
    }
  }
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
