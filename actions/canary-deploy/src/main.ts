import { canaryActionStage } from '@ccm/delivery';
import { runnerAdapters } from '@ccm/delivery/adapters';
import { runAction } from '@ccm/toolkit/actions';
import { runnerContext } from '@ccm/toolkit/github';

// Thin entry: the runner's context and adapters in, the delivery package does the rest (main or post).
await runAction(async (runtime) => {
  const context = runnerContext();
  await canaryActionStage(runtime, context, runnerAdapters(context));
});
