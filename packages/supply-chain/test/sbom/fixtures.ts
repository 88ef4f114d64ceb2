import { fileURLToPath } from 'node:url';

/** The SBOM fixture projects (see ../fixtures/sbom/README.md). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/sbom/', import.meta.url));

export function fixture(name: string): string {
  return `${FIXTURES}${name}`;
}
