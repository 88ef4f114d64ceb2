/**
 * Folders that hold installed, vendored or virtual-environment copies of dependencies, or VCS data:
 * a walk for a project's own lock files never enters them (SBOM detection and cache keys alike).
 */
export const DEPENDENCY_COPY_FOLDERS: readonly string[] = [
  'node_modules',
  '.git',
  'vendor',
  'target',
  '.venv',
  'venv',
  '.tox',
  '__pycache__',
  '.yarn',
  '.pnpm-store',
];
