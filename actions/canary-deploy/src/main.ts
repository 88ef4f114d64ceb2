import { canaryActionStage, githubDeployments } from '@ccm/delivery';
import { realAdapters } from '@ccm/delivery/adapters';
import { runAction } from '@ccm/toolkit/actions';
import { runnerContext } from '@ccm/toolkit/github';

// Thin entry: the runner's context and adapters in, the delivery package does the rest (main or post).
await runAction(async (runtime) => {
  const context = runnerContext();
  const repository = context.repository;
  const sha = process.env.GITHUB_SHA;
  await canaryActionStage(runtime, context, {
    ...realAdapters(),
    ...(repository && sha
      ? {
          ledger: (token: string, environment: string) =>
            githubDeployments({
              token,
              environment,
              repository,
              ref: sha,
              ...(process.env.GITHUB_API_URL ? { apiUrl: process.env.GITHUB_API_URL } : {}),
              ...(context.runUrl ? { logUrl: context.runUrl } : {}),
            }),
        }
      : {}),
  });
});
