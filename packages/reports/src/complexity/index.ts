import type { ReportFormat } from '../format';

export const complexityFormats: ReportFormat<'complexity'>[] = [];
