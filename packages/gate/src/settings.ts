import type { ReportKind } from '@ccm/reports';
import type { InputValues } from '@ccm/toolkit';
import type { gateInputs } from './inputs';

type Values = InputValues<typeof gateInputs>;

/** The thresholds a component may override. */
export const THRESHOLD_KEYS = [
  'min-coverage',
  'min-diff-coverage',
  'max-complexity',
  'max-debt-ratio',
  'fail-on-severity',
  'unknown-severity',
  'max-regression',
] as const;

export type ThresholdKey = (typeof THRESHOLD_KEYS)[number];
export type Thresholds = Pick<Values, ThresholdKey>;

/** The report inputs, each a list of globs; keys are the input names. */
export const REPORT_INPUTS = [
  'coverage',
  'tests',
  'security',
  'complexity',
  'benchmarks',
  'benchmark-baseline',
] as const;
export type ReportInput = (typeof REPORT_INPUTS)[number];

export const REPORT_KIND_OF: Record<ReportInput, ReportKind> = {
  coverage: 'coverage',
  tests: 'tests',
  security: 'security',
  complexity: 'complexity',
  benchmarks: 'benchmarks',
  'benchmark-baseline': 'benchmarks',
};

/** A part of a monorepo with its own gate: files under `path`, its own thresholds, its own summary section. */
export interface Component {
  name: string;
  /** Path prefix relative to the root, `/`-separated, ending in `/`. */
  path: string;
  thresholds: Thresholds;
}

/** Everything the gate needs, after inputs, the config file and defaults have been merged. */
export interface GateSettings {
  name: string;
  /** The directory globs resolve against and report paths are relative to. */
  root: string;
  reports: Record<ReportInput, string[]>;
  thresholds: Thresholds;
  components: Component[];
  /** Inputs that must be given: a missing one fails the gate instead of showing "not measured". */
  required: ReportInput[];
  baseRef?: string;
}
