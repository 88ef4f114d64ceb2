import type { ReportFormat } from '../format';
import { eslintComplexity } from './eslint';
import { jacocoComplexity } from './jacoco';
import { radon } from './radon';

export const complexityFormats: ReportFormat<'complexity'>[] = [radon, eslintComplexity, jacocoComplexity];
