import type { ReportFormat } from '../format';
import { goTestJson } from './go-test-json';
import { junit } from './junit';

export const testsFormats: ReportFormat<'tests'>[] = [junit, goTestJson];
