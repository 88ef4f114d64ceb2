import { sbomSignStep } from '@ccm/supply-chain';
import { runAction } from '@ccm/toolkit/actions';
import { runnerContext } from '@ccm/toolkit/github';

// Thin entry: the runner's context in, the supply-chain package does the rest.
await runAction(async (runtime) => {
  const { workspace, tempDir } = runnerContext();
  await sbomSignStep(runtime, { workspace, tempDir, env: process.env });
});
