import type { BenchmarkReport, ComplexityReport, CoverageSink, ReportKind, SecurityReport, TestReport } from './model';
import type { ReportHead } from './source';

/** What a parser of each kind gives back. Coverage parsers stream into a sink instead. */
export interface ResultByKind {
  coverage: undefined;
  tests: TestReport;
  security: SecurityReport;
  complexity: ComplexityReport;
  benchmarks: BenchmarkReport;
}

export interface ParseInput {
  file: string;
  /** The workspace root: reports' absolute paths are made relative to it. */
  root: string;
  head: ReportHead;
  /**
   * The whole document, for JSON formats (detection has parsed it already). Absent for a JSON report
   * over STREAM_JSON_BYTES detected by its head (`matchJsonHead`): the format then streams the file.
   */
  json?: unknown;
  /** For coverage formats: where to send each file's record. */
  sink: CoverageSink;
  /**
   * Where a parser says that it read the report, but had to choose (two counts in the report disagree):
   * one line naming what disagreed and what was used. The loader keeps them with the file.
   */
  warn?: (message: string) => void;
}

/**
 * One report format. Detection looks at content only, never at the file name:
 * a JSON format matches on the parsed document, an XML format on its root element, a text format on its head.
 */
export interface ReportFormat<K extends ReportKind = ReportKind> {
  id: string;
  /** How the format is named to users (`Cobertura XML`). */
  label: string;
  kind: K;
  matchJson?: (document: unknown) => boolean;
  /**
   * For a JSON format that can stream a big document: matches the first bytes (HEAD_BYTES) of a file
   * too big to parse whole, and declares that `parse` then reads the file itself (no `json`).
   */
  matchJsonHead?: (head: string) => boolean;
  matchXmlRoot?: (root: XmlRoot) => boolean;
  matchText?: (head: string) => boolean;
  parse(input: ParseInput): Promise<ResultByKind[K]>;
}

export interface XmlRoot {
  name: string;
  attributes: Record<string, string>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
