import type { ReportFormat } from '../format';
import { clover } from './clover';
import { cobertura } from './cobertura';
import { coveragePyJson } from './coveragepy-json';
import { goCover } from './go-cover';
import { istanbulFinal } from './istanbul-final';
import { istanbulSummary } from './istanbul-summary';
import { jacoco } from './jacoco';
import { lcov } from './lcov';

export const coverageFormats: ReportFormat<'coverage'>[] = [
  lcov,
  cobertura,
  clover,
  jacoco,
  istanbulFinal,
  istanbulSummary,
  coveragePyJson,
  goCover,
];
