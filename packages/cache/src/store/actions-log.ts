/** One line @actions/core wrote: `::warning::text` is `{ level: 'warning', text }`, plain text is `info`. */
export interface LogLine {
  level: 'debug' | 'info' | 'notice' | 'warning' | 'error';
  text: string;
}

const COMMAND = /^::(debug|notice|warning|error)(?: [^:]*)?::(.*)$/;

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `action` while recording what @actions/core writes to stdout, still passing it through.
 * @actions/cache swallows most save and restore failures and only logs them, so its log is the
 * only place their reason exists. Its warnings pass through as plain lines: the store reports each
 * one itself, with the key and store named, and the job should not show it twice. Calls are
 * serialised: stdout is one stream for the process.
 */
export function captureActionsLog<T>(action: () => Promise<T>): Promise<{ value: T; lines: LogLine[] }> {
  const run = queue.then(async () => {
    const lines: LogLine[] = [];
    const write = process.stdout.write;
    process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      lines.push(...parseLog(text));
      return (write as (...args: unknown[]) => boolean).call(this, withoutAnnotations(text), ...rest);
    } as typeof process.stdout.write;
    try {
      return { value: await action(), lines };
    } finally {
      process.stdout.write = write;
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

export function parseLog(output: string): LogLine[] {
  return output
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => {
      const command = COMMAND.exec(line);
      if (!command) return { level: 'info', text: line };
      return { level: command[1] as LogLine['level'], text: unescapeCommand(command[2] ?? '') };
    });
}

/** The library's `::warning::`/`::error::` lines as plain log lines. */
function withoutAnnotations(text: string): string {
  return text.replace(/^::(?:warning|error)(?: [^:]*)?::(.*)$/gm, (_line, data: string) => unescapeCommand(data));
}

/** Reverses @actions/core's escaping of command data. */
function unescapeCommand(text: string): string {
  return text.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
}
