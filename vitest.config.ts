import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'actions/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Real tools (coverage.py, go, eslint) and bundled actions run inside tests: give them time.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // @actions/workflow-parser imports its schema JSON without `with { type: 'json' }`, which Node 20
    // refuses: let Vite transform it (ncc does the same in the bundles).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
