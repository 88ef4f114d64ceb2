/** The rollout as the JSON report (the `report` output), the summary and a resumed run read it. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MetricResult } from './judge';

export type RolloutResult = 'promoted' | 'rolled-back' | 'paused';

export type DecisionAction =
  | 'advance'
  | 'extend'
  | 'abort'
  | 'rollback'
  | 'pause'
  | 'promote'
  | 'smoke-failed'
  | 'switch'
  | 'switch-back';

/** One decision of the rollout, with the numbers behind it. */
export interface Decision {
  at: string;
  /** The canary's weight when it was taken. */
  weight: number;
  action: DecisionAction;
  reason: string;
}

export type StepPhase = 'step' | 'pre-promotion' | 'post-promotion';

export interface StepReport {
  phase: StepPhase;
  weight: number;
  start: string;
  end: string;
  /** Requests each version served in the step's window, where the provider counts them. */
  samples: { canary?: number; stable?: number };
  metrics: MetricResult[];
  health?: { checks: number; failures: number };
  extended: boolean;
  verdict: 'pass' | 'fail' | 'no-data' | 'abort';
  decision: Decision;
}

export interface RolloutReport {
  strategy: 'canary' | 'blue-green';
  router: string;
  provider: string;
  startedAt: string;
  endedAt: string;
  result: RolloutResult;
  /** The canary's percent of traffic at the end. */
  finalWeight: number;
  /** Why the rollout ended, in one sentence with its numbers. */
  reason: string;
  /** Metrics the provider cannot measure at all, said once here and in every step. */
  notMeasured: string[];
  policy: {
    steps: number[];
    intervalMs: number;
    minSamples: number;
    noData: 'fail' | 'extend' | 'pass';
    compare: 'baseline' | 'thresholds';
    confidence: number;
    tolerance: number;
  };
  steps: StepReport[];
  decisions: Decision[];
}

export async function writeReport(path: string, report: RolloutReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
