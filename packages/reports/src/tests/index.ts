import type { ReportFormat } from '../format';

export const testsFormats: ReportFormat<'tests'>[] = [];
