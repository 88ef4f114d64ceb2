import type { Clock } from '../clock';
import type { SmokeCheck } from '../rollout';

export interface HealthCheckRecord {
  at: string;
  ok: boolean;
  detail: string;
}

export interface Recovery {
  healthy: boolean;
  /** When the last of the consecutive successes came back (epoch ms); undefined when never healthy. */
  healthyAt?: number;
  checks: HealthCheckRecord[];
}

/**
 * Polls a health check until `healthyAfter` consecutive successes, or until `timeoutMs` has passed
 * since the start: what it saw is kept, so a rollback that did not bring health back can say why.
 */
export async function waitUntilHealthy(
  check: SmokeCheck,
  options: { healthyAfter: number; intervalMs: number; timeoutMs: number },
  clock: Clock,
): Promise<Recovery> {
  const deadline = clock.now() + options.timeoutMs;
  const checks: HealthCheckRecord[] = [];
  let streak = 0;
  for (;;) {
    const result = await check();
    const at = clock.now();
    checks.push({ at: new Date(at).toISOString(), ...result });
    streak = result.ok ? streak + 1 : 0;
    if (streak >= options.healthyAfter) return { healthy: true, healthyAt: at, checks };
    if (at + options.intervalMs > deadline) return { healthy: false, checks };
    await clock.sleep(options.intervalMs);
  }
}
