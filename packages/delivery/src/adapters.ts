/** The real adapters of a step: the routers, providers and checks the inputs name. */
import { githubDeployments } from './deployments';
import { createHealthCheck } from './health';
import { HttpHealthCheck } from './health/http';
import { createMetricProvider } from './metrics';
import type { SmokeCheck } from './rollout';
import { createRouter } from './routers';
import type { CanaryAdapters } from './step';

export { createHealthCheck, createMetricProvider, createRouter };

/** The blue-green smoke check: one GET of the preview, passed by a 2xx within the timeout. */
export function httpSmokeCheck(url: string, timeoutMs: number): SmokeCheck {
  const check = new HttpHealthCheck({ urls: { canary: url }, timeoutMs });
  return async () => {
    const { healthy, detail } = await check.probe('canary');
    return { ok: healthy, detail };
  };
}

export function realAdapters(): CanaryAdapters {
  return { createRouter, createMetricProvider, createHealthCheck, smokeCheck: httpSmokeCheck };
}

/**
 * The action's adapters: the real ones, and GitHub Deployments for `environment` when the runner
 * names the repository and the commit.
 */
export function runnerAdapters(
  context: { repository?: { owner: string; repo: string }; runUrl?: string },
  env: NodeJS.ProcessEnv = process.env,
): CanaryAdapters {
  const { repository, runUrl } = context;
  const sha = env.GITHUB_SHA;
  if (!repository || !sha) return realAdapters();
  return {
    ...realAdapters(),
    ledger: (token, environment) =>
      githubDeployments({
        token,
        environment,
        repository,
        ref: sha,
        ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
        ...(runUrl ? { logUrl: runUrl } : {}),
      }),
  };
}
