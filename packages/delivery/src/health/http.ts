import { ConfigurationError } from '@ccm/toolkit/errors';
import { describeFetchError } from '../fetch-error';
import type { HealthCheck, Track } from '../ports';
import type { HealthSettings } from '../settings';

/**
 * An HTTP health check: one GET of the track's health URL, healthy on a 2xx within `timeoutMs`.
 * Redirects are not followed (a 3xx is unhealthy: a health endpoint that moves is misconfigured),
 * and the body is read and dropped so the connection is released.
 */
export class HttpHealthCheck implements HealthCheck {
  readonly name = 'http';
  private readonly urls: Partial<Record<Track, URL>> = {};

  constructor(private readonly settings: HealthSettings) {
    for (const track of ['stable', 'canary'] as const) {
      const text = settings.urls[track];
      if (text === undefined) continue;
      try {
        this.urls[track] = new URL(text);
      } catch {
        throw new ConfigurationError(`health-url: the ${track} health URL "${text}" is not a URL`);
      }
      if (!['http:', 'https:'].includes(this.urls[track].protocol)) {
        throw new ConfigurationError(`health-url: the ${track} health URL "${text}" is not http(s)`);
      }
    }
    if (!this.urls.canary) throw new ConfigurationError('health-url: the canary needs a health URL');
    if (!(settings.timeoutMs > 0))
      throw new ConfigurationError(`health-timeout: must be a positive number of ms, not ${settings.timeoutMs}`);
  }

  async probe(track: Track): Promise<{ healthy: boolean; detail: string }> {
    const url = this.urls[track];
    if (!url) throw new Error(`no health URL for ${track}`);
    const started = performance.now();
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(this.settings.timeoutMs) });
      await response.arrayBuffer();
      const ms = Math.round(performance.now() - started);
      const healthy = response.status >= 200 && response.status < 300;
      return { healthy, detail: `${url.href}: HTTP ${response.status} in ${ms} ms` };
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${this.settings.timeoutMs} ms`
          : describeFetchError(error);
      return { healthy: false, detail: `${url.href}: ${reason}` };
    }
  }
}
