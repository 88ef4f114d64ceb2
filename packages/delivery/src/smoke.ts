import { errorMessage } from '@ccm/toolkit/errors';
import type { SmokeCheck } from './rollout';

/** The blue-green smoke check: one GET of the preview, passed by a 2xx within the timeout. */
export function httpSmokeCheck(url: string, timeoutMs: number): SmokeCheck {
  return async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      await response.body?.cancel();
      return { ok: response.status >= 200 && response.status < 300, detail: `GET ${url}: ${response.status}` };
    } catch (error) {
      return { ok: false, detail: `GET ${url}: ${errorMessage(error)}` };
    }
  };
}
