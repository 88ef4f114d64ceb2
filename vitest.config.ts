import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'actions/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Real tools (coverage.py, go, eslint) and bundled actions run inside tests: give them time.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
