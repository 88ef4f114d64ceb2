/**
 * The runner's file commands (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_STATE`, `GITHUB_PATH`), read the
 * way actions/runner's FileCommandManager reads them (EnvFileKeyValuePairs, AddPathFileCommand):
 * `name=value` lines, or `name<<DELIMITER` followed by value lines and the delimiter alone on a line.
 */

/** Why the runner rejected a file command; it fails the step with this message. */
export class FileCommandError extends Error {
  override name = 'FileCommandError';
}

/** The pairs in one file, in order (a later pair of the same name wins when put in a record). */
export function parseKeyValueFile(text: string): [name: string, value: string][] {
  const pairs: [string, string][] = [];
  const reader = new LineReader(text);
  for (let line = reader.next(); line !== undefined; line = reader.next()) {
    if (line.text === '') continue;
    const equals = line.text.indexOf('=');
    const heredoc = line.text.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      pairs.push([line.text.slice(0, equals), line.text.slice(equals + 1)]);
    } else if (heredoc >= 0) {
      const name = line.text.slice(0, heredoc);
      const delimiter = line.text.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        throw new FileCommandError(
          `Invalid format '${line.text}'. Name must not be empty and delimiter must not be empty`,
        );
      }
      pairs.push([name, readHeredoc(reader, delimiter)]);
    } else {
      throw new FileCommandError(`Invalid format '${line.text}'`);
    }
  }
  return pairs;
}

/** Lines of `GITHUB_PATH`, each prepended to PATH for later steps (empty lines skipped). */
export function parsePathFile(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function readHeredoc(reader: LineReader, delimiter: string): string {
  const start = reader.offset;
  let end = start;
  for (let line = reader.next(); line?.text !== delimiter; line = reader.next()) {
    if (line === undefined) throw new FileCommandError(`Invalid value. Matching delimiter not found '${delimiter}'`);
    // The runner wants every value line ended by a newline before the delimiter.
    if (!line.newline) throw new FileCommandError('Invalid value. EOF marker missing new line.');
    end = reader.offset - 1;
  }
  return reader.text.slice(start, end);
}

/** Reads LF-terminated lines (the runner on Linux does not treat CR as part of the line break). */
class LineReader {
  offset = 0;

  constructor(readonly text: string) {}

  next(): { text: string; newline: boolean } | undefined {
    if (this.offset >= this.text.length) return undefined;
    const start = this.offset;
    const lf = this.text.indexOf('\n', start);
    if (lf < 0) {
      this.offset = this.text.length;
      return { text: this.text.slice(start), newline: false };
    }
    this.offset = lf + 1;
    return { text: this.text.slice(start, lf), newline: true };
  }
}
