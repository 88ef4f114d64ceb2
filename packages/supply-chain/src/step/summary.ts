import { code, table, untrustedText } from '@ccm/toolkit';
import type { SignResult } from './sign';

const MAX_WARNINGS = 20;

/** The job summary of a sign run: what the SBOM holds, what was signed, where the bundles are. */
export function renderSignSummary(result: SignResult, signing: string): string {
  const { sbom, subjects } = result;
  const byEcosystem = new Map<string, number>();
  const byScope = new Map<string, number>();
  for (const component of sbom.components) {
    byEcosystem.set(component.ecosystem, (byEcosystem.get(component.ecosystem) ?? 0) + 1);
    byScope.set(component.scope, (byScope.get(component.scope) ?? 0) + 1);
  }
  const sections = [
    `## 📦 sbom-sign: ${sbom.components.length} components, ${subjects.length} subjects ${signing === 'none' ? 'unsigned' : `signed (${signing})`}`,
    table(
      ['Ecosystem', 'Components'],
      [...byEcosystem].sort().map(([name, count]) => [name, String(count)]),
      ['left', 'right'],
    ),
    `Scopes: ${
      [...byScope]
        .sort()
        .map(([scope, count]) => `${count} ${scope}`)
        .join(', ') || 'none'
    }.`,
    table(
      ['Subject', 'Digest', 'Bundle'],
      subjects.map((s) => [code(s.name), code(s.digest), s.bundle ? code(s.bundle) : '–']),
    ),
  ];
  if (result.provenanceBundle) sections.push(`SLSA v1 provenance for every subject: ${code(result.provenanceBundle)}`);
  if (sbom.warnings.length > 0) {
    const shown = sbom.warnings.slice(0, MAX_WARNINGS).map((w) => `- ${untrustedText(w)}`);
    if (sbom.warnings.length > MAX_WARNINGS) shown.push(`- …and ${sbom.warnings.length - MAX_WARNINGS} more`);
    sections.push(`### Warnings\n\n${shown.join('\n')}`);
  }
  return `${sections.join('\n\n')}\n`;
}
