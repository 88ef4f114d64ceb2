/**
 * A mistake the user must fix (a bad input, an unreadable report, a wrong config).
 * Reported as the step's failure message without a stack trace; anything else is our bug.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Where in a file something went wrong: a line (1-based) or, for binary data, a byte offset. */
export interface FileLocation {
  file: string;
  line?: number;
  column?: number;
  offset?: number;
}

/** A file that could not be read or understood: the message always names the file and position. */
export class FileError extends ConfigurationError {
  override name = 'FileError';
  readonly location: FileLocation;
  readonly reason: string;

  constructor(location: FileLocation, reason: string) {
    super(`${formatLocation(location)}: ${reason}`);
    this.location = location;
    this.reason = reason;
  }
}

export function formatLocation({ file, line, column, offset }: FileLocation): string {
  if (line !== undefined) return column !== undefined ? `${file}:${line}:${column}` : `${file}:${line}`;
  if (offset !== undefined) return `${file} (byte ${offset})`;
  return file;
}

export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError;
}

/** The message of any thrown value, for logs and failure text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The 1-based line and column of a character offset in a text (parsers report offsets). */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}
