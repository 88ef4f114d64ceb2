import { qualityGateStep } from '@ccm/gate';
import { runAction } from '@ccm/toolkit/actions';
import { githubCommentStore, runnerContext } from '@ccm/toolkit/github';

// Thin entry: the runner's context and adapters in, the gate package does the rest.
await runAction(async (runtime) => {
  const context = runnerContext();
  const repository = context.repository;
  await qualityGateStep(
    runtime,
    context,
    repository ? (token, pr) => githubCommentStore(token, repository, pr) : undefined,
  );
});
