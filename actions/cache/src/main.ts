import { cachePostStep, cacheStep } from '@ccm/cache';
import { runAction } from '@ccm/toolkit/actions';
import { runnerContext } from '@ccm/toolkit/github';

// One bundle for both stages (as actions/checkout does): the main step leaves a state flag that
// marks the second run of this file as the post step.
const POST_FLAG = 'isPost';

await runAction(async (runtime) => {
  const { workspace, tempDir, pullRequest } = runnerContext();
  const context = { workspace, tempDir, env: process.env, inActions: true, fromFork: pullRequest?.fromFork ?? false };
  if (runtime.getState(POST_FLAG) === 'true') {
    await cachePostStep(runtime, context);
    return;
  }
  runtime.saveState(POST_FLAG, 'true');
  await cacheStep(runtime, context);
});
