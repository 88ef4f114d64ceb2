import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLedger, listReleases } from '@ccm/delivery/ledger';
import { describe, expect, it } from 'vitest';
import { itWith, tool } from '../../../test/support/requirements';
import { type DeliveryDemoOutcome, deliveryStages, HAPROXY } from '../src/demo-delivery';

/** Whether a process id is still alive (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function stages(haproxy: string | undefined) {
  const out = mkdtempSync(join(tmpdir(), 'ccm-demo-delivery-'));
  const lines: string[] = [];
  const outcome = await deliveryStages({ out, print: (line) => lines.push(line), haproxy });
  return { out, lines, outcome };
}

async function expectTheStory(out: string, outcome: DeliveryDemoOutcome): Promise<void> {
  expect(outcome.badCanary.result).toBe('rolled-back');
  expect(outcome.badCanary.finalWeight).toBe(0);
  expect(outcome.badCanary.reason).toMatch(/error-rate/);
  expect(outcome.goodCanary.result).toBe('promoted');
  expect(outcome.goodCanary.steps.map((s) => s.weight)).toEqual([25, 50, 100]);
  expect(outcome.rollback.result).toBe('rolled-back');
  expect(outcome.rollback.from?.version).toBe('v3');
  expect(outcome.rollback.to?.version).toBe('v1');
  expect(outcome.rollback.health?.healthy).toBe(true);
  // The ledger tells the story: v1 good, v2 failed, v3 promoted then replaced, the rollback to v1.
  const releases = await listReleases(fileLedger(join(out, 'releases.json')), 'demo');
  expect(releases.map((r) => [r.version, r.outcome, r.source])).toEqual([
    ['v1', 'success', 'rollback'],
    ['v3', 'failure', 'canary-deploy'],
    ['v2', 'failure', 'canary-deploy'],
    ['v1', 'success', 'ccm demo'],
  ]);
  for (const file of [
    'canary-v2.json',
    'canary-v3.json',
    'rollback.json',
    'rollback-summary.md',
    'canary-v3-summary.md',
  ])
    expect(readFileSync(join(out, file), 'utf8').length).toBeGreaterThan(0);
}

describe('ccm demo: the delivery stages', () => {
  it('through the local proxy: a bad canary rolled back, a good one promoted, a rollback to v1', async () => {
    const { out, lines, outcome } = await stages(undefined);
    expect(outcome.router).toBe('local');
    expect(lines.join('\n')).toContain('the local proxy (the weighted HTTP proxy built into ccm');
    await expectTheStory(out, outcome);
    expect(outcome.traffic.lost).toBe(0);
  });

  itWith(tool(HAPROXY, `HAProxy (${HAPROXY})`), 'through HAProxy, which is stopped at the end', async () => {
    const { out, lines, outcome } = await stages(HAPROXY);
    expect(outcome.router).toBe('haproxy');
    expect(lines.join('\n')).toContain('router: HAProxy');
    await expectTheStory(out, outcome);
    expect(outcome.haproxyPid).toBeGreaterThan(0);
    expect(alive(outcome.haproxyPid as number)).toBe(false);
  });

  itWith(
    tool(HAPROXY, `HAProxy (${HAPROXY})`),
    'stopped by SIGTERM midway, it stops HAProxy before it exits',
    async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'demo-delivery-child.ts')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let output = '';
      const pid = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const match = /router: HAProxy \(\S+, pid (\d+),/.exec(output);
          // Midway: the first canary is under way.
          if (match && output.includes('ledger')) resolve(Number(match[1]));
        });
        child.once('exit', () => reject(new Error(`the demo ended before HAProxy started:\n${output}`)));
      });
      expect(alive(pid)).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(alive(pid)).toBe(false);
    },
  );

  it('fails clearly, leaving nothing behind, when HAProxy cannot start', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ccm-demo-delivery-'));
    await expect(deliveryStages({ out, print: () => {}, haproxy: join(out, 'no-haproxy') })).rejects.toThrow(
      /cannot start .*no-haproxy/,
    );
  });
});
