import type { ReportFormat } from '../format';

export const securityFormats: ReportFormat<'security'>[] = [];
