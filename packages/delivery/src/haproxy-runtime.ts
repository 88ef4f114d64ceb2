import { connect, type Socket } from 'node:net';

/** The Runtime API did not answer (no socket, refused, timed out): nothing was changed or read. */
export class RuntimeApiUnreachable extends Error {
  override name = 'RuntimeApiUnreachable';
}

/**
 * HAProxy's Runtime API (`stats socket ... level admin`), one command per connection in its
 * non-interactive mode: write the command and a newline, read until HAProxy closes. `address` is a
 * Unix socket path or host:port (`[::1]:9999` for IPv6).
 */
export class HaproxyRuntimeApi {
  constructor(
    readonly address: string,
    private readonly timeoutMs = 5_000,
  ) {}

  command(line: string): Promise<string> {
    return this.commands([line]);
  }

  /**
   * Several commands in one connection, joined by "; " (HAProxy runs them in order, back to back);
   * the answer is their outputs together. Each command is one line without ";": a name from input
   * can never smuggle a second command in.
   */
  commands(lines: string[]): Promise<string> {
    for (const line of lines) {
      if (/[\r\n;]/.test(line)) throw new Error(`one Runtime API command at a time, without ; or newlines: ${line}`);
    }
    const line = lines.join('; ');
    return new Promise((resolve, reject) => {
      const socket = this.open();
      let answer = '';
      socket.setEncoding('utf8');
      socket.setTimeout(this.timeoutMs, () =>
        socket.destroy(
          new RuntimeApiUnreachable(`${this.address}: no answer to "${line}" within ${this.timeoutMs} ms`),
        ),
      );
      socket.on('connect', () => socket.end(`${line}\n`));
      socket.on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', (error: unknown) =>
        reject(
          error instanceof RuntimeApiUnreachable
            ? error
            : new RuntimeApiUnreachable(`${this.address}: ${error instanceof Error ? error.message : String(error)}`),
        ),
      );
    });
  }

  private open(): Socket {
    const tcp = /^\[?([^\]/]*?)\]?:(\d+)$/.exec(this.address);
    if (tcp && !this.address.startsWith('/') && !this.address.startsWith('.')) {
      return connect({ host: tcp[1], port: Number(tcp[2]) });
    }
    return connect({ path: this.address });
  }
}
