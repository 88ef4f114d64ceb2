import { realRollbackAdapters, revertContextOf, rollbackStep } from '@ccm/delivery/rollback';
import { runAction } from '@ccm/toolkit/actions';
import { runnerContext } from '@ccm/toolkit/github';

// Thin entry: the runner's context and the real adapters in, the delivery package does the rest.
await runAction(async (runtime) => {
  const { workspace, tempDir } = runnerContext();
  const runId = process.env.GITHUB_RUN_ID;
  const github = revertContextOf(process.env);
  await rollbackStep(
    runtime,
    { workspace, tempDir, inActions: true, ...(runId ? { runId } : {}), ...(github ? { github } : {}) },
    realRollbackAdapters,
  );
});
