import type { ReportFormat } from '../format';
import { bandit } from './bandit';
import { grype } from './grype';
import { npmAudit } from './npm-audit';
import { pipAudit } from './pip-audit';
import { sarif } from './sarif';
import { trivy } from './trivy';

export const securityFormats: ReportFormat<'security'>[] = [sarif, npmAudit, pipAudit, trivy, grype, bandit];
