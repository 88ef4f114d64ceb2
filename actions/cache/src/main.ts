import { cacheActionStage } from '@ccm/cache';
import { runAction } from '@ccm/toolkit/actions';
import { runnerContext } from '@ccm/toolkit/github';

// Thin entry: the runner's context in, the cache package does the rest (main or post stage).
await runAction(async (runtime) => {
  const { workspace, tempDir, pullRequest } = runnerContext();
  const context = { workspace, tempDir, env: process.env, inActions: true, fromFork: pullRequest?.fromFork ?? false };
  await cacheActionStage(runtime, context);
});
