import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';

/** A free loopback TCP port, chosen by the OS (bound to port 0, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Everything the program printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a server program from an argument vector and ties its life to this process: a test worker
 * that exits (a failed test, a crash) kills it, so no server is left behind. `ready` is polled until
 * it resolves true; a program that exits first or is not ready in time fails loudly with its output.
 */
export async function startServerProcess(
  name: string,
  argv: string[],
  ready: () => Promise<boolean>,
  options: {
    cwd?: string;
    timeoutMs?: number;
    exitSignal?: NodeJS.Signals;
    /** A temporary folder of the server's own, removed once it has stopped (or failed to start). */
    folder?: string;
  } = {},
): Promise<ServerProcess> {
  const [program, ...args] = argv;
  if (!program) throw new Error(`${name}: empty command`);
  const removeFolder = () =>
    options.folder ? rm(options.folder, { recursive: true, force: true }) : Promise.resolve();
  const child = spawn(program, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    // Keep the tail only: a chatty server must not grow the test's memory.
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // SIGKILL by default; a master that must take its workers along (nginx) asks for SIGTERM.
  const killOnExit = () => child.kill(options.exitSignal ?? 'SIGKILL');
  process.once('exit', killOnExit);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`${name}: cannot start ${program}: ${error.message}`)));
  });
  const handle: ServerProcess = {
    child,
    output: () => output,
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      await removeFolder();
    },
  };
  try {
    await spawned;
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `${name} exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`,
        );
      if (await ready().catch(() => false)) return handle;
      if (Date.now() > deadline)
        throw new Error(`${name} was not ready within ${options.timeoutMs ?? 30_000} ms:\n${output}`);
      await sleep(50);
    }
  } catch (error) {
    await handle.stop();
    throw error;
  }
}

export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether an HTTP GET of the URL answers with a 2xx. */
export async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.ok;
}
