import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from './process';

describe('startServerProcess', () => {
  it('fails loudly when the program is not installed', async () => {
    await expect(startServerProcess('haproxy', ['/nonexistent/haproxy'], async () => true)).rejects.toThrow(
      /^haproxy: cannot start \/nonexistent\/haproxy: spawn \/nonexistent\/haproxy ENOENT/,
    );
  });

  it('fails with the program output when it exits before it is ready, and removes its folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ccm-process-test-'));
    await expect(
      startServerProcess('server', ['sh', '-c', 'echo bad config >&2; exit 3'], async () => false, { folder }),
    ).rejects.toThrow(/^server exited before it was ready \(code 3, signal null\):\nbad config/);
    expect(existsSync(folder)).toBe(false);
  });

  it('stop() ends the process and removes its folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ccm-process-test-'));
    const server = await startServerProcess('sleeper', ['sleep', '60'], async () => true, { folder });
    await server.stop();
    expect(server.child.signalCode).toBe('SIGTERM');
    expect(existsSync(folder)).toBe(false);
  });
});
